using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Notifications.Providers;

/// <summary>
/// The provider used when no real one is configured: it "sends" by inserting into the DevOutbox table, keyed by
/// journey and purpose, so a second send of the same message is refused by the table itself. The row key is the whole
/// idempotency key: a row key shared by many rows (a bare purpose) would make every point read a walk over them.
/// </summary>
public sealed class DevOutboxProvider(StorageAccount storage, TimeProvider time) : IMessageProvider
{
    public string Name => "Dev";

    public bool DeduplicatesByKey => true;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var row = new TableEntity(message.JourneyId, message.IdempotencyKey)
        {
            ["Purpose"] = message.Purpose,
            ["Channel"] = message.Channel.Wire(),
            ["To"] = message.To,
            ["Kind"] = message.Kind.ToString(),
            ["Template"] = message.Template,
            ["Subject"] = message.Subject,
            ["Body"] = message.Body,
            ["SentAt"] = time.GetUtcNow(),
        };
        try
        {
            await storage.DevOutbox.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsAlreadyExists())
        {
            // Sent before: a redelivery after a crash between send and record. Sending again would be the bug.
        }

        return message.IdempotencyKey;
    }

    public async Task<string?> FindSentAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var row = await storage.DevOutbox.GetEntityIfExistsAsync<TableEntity>(message.JourneyId, message.IdempotencyKey, cancellationToken: cancellationToken);
        return row.HasValue ? message.IdempotencyKey : null;
    }

    /// <summary>Deletes what the dev provider holds of a journey's messages (a purge); a row already gone is no failure.</summary>
    public async Task ForgetAsync(string journeyId, IEnumerable<string> purposes, CancellationToken cancellationToken)
    {
        foreach (var batch in purposes.Chunk(50))
        {
            await Task.WhenAll(batch.Select(p => storage.DevOutbox.DeleteEntityAsync(journeyId, OutboxMessage.KeyOf(journeyId, p), cancellationToken: cancellationToken)));
        }
    }

    public async Task<List<SentMessage>> ListAsync(string? journeyId, CancellationToken cancellationToken)
    {
        var query = journeyId is null
            ? storage.DevOutbox.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : storage.DevOutbox.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {journeyId}"), cancellationToken: cancellationToken);
        var sent = new List<SentMessage>();
        await foreach (var row in query)
        {
            sent.Add(new SentMessage(
                row.GetString("Channel"), row.GetString("To"), row.GetString("Kind"), row.GetString("Template"), row.GetString("Subject"),
                row.GetString("Body"), row.PartitionKey, row.GetString("Purpose"), row.GetDateTimeOffset("SentAt")!.Value));
        }

        return [.. sent.OrderBy(m => m.SentAt).ThenBy(m => m.Purpose, StringComparer.Ordinal)];
    }
}
