using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Replies;

/// <summary>
/// Texts that matched no journey, or several, kept in the council's partition of its work index (rows <c>u~{id}</c>, the id
/// from the provider's own, so a text told twice is one row) until a member of staff marks them dealt with, or
/// <see cref="KeptFor"/> has passed since they were kept (this service's clock, whatever the provider's says): they name a
/// number and hold words, and are kept no longer than the team needs to act on them. Texts whose council could not be told
/// (an ACS number no council sends from) are kept under <see cref="NoCouncil"/>, for staff who cover every council.
/// </summary>
public sealed class UnmatchedTexts(StorageAccount storage, TimeProvider time)
{
    public const string NoCouncil = "-";

    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    private const string Prefix = "u~";

    public Task KeepAsync(string council, InboundText text, IReadOnlyList<string> candidates, CancellationToken cancellationToken) =>
        storage.WorklistOf(council).UpsertEntityAsync(new TableEntity(council, KeyOf(text))
        {
            ["From"] = text.From,
            ["Words"] = text.Words,
            ["ReceivedAt"] = text.ReceivedAt,
            ["KeptAt"] = time.GetUtcNow(),
            ["Provider"] = text.Provider,
            ["Candidates"] = JsonSerializer.Serialize(candidates),
        }, TableUpdateMode.Merge, cancellationToken);

    /// <summary>The texts kept for these councils (and for no council when <paramref name="withoutCouncil"/>), newest first, at most <paramref name="limit"/> each.</summary>
    public async Task<IReadOnlyList<UnmatchedText>> ListAsync(IEnumerable<string> councils, bool withoutCouncil, int limit, CancellationToken cancellationToken)
    {
        var found = new List<UnmatchedText>();
        foreach (var council in withoutCouncil ? councils.Append(NoCouncil) : councils)
        {
            var mine = new List<UnmatchedText>();
            await foreach (var row in storage.WorklistOf(council).QueryAsync<TableEntity>(InPartition(council), cancellationToken: cancellationToken))
            {
                mine.Add(new UnmatchedText(council, row.RowKey, row.GetString("From") ?? "", row.GetString("Words") ?? "", row.GetDateTimeOffset("ReceivedAt") ?? default,
                    JsonSerializer.Deserialize<List<string>>(row.GetString("Candidates") ?? "[]") ?? []));
            }

            found.AddRange(mine.OrderByDescending(t => t.ReceivedAt).Take(limit));
        }

        return [.. found.OrderByDescending(f => f.ReceivedAt)];
    }

    /// <summary>A text dealt with (or past its time): removed. Idempotent.</summary>
    public async Task DoneAsync(string council, string key, CancellationToken cancellationToken)
    {
        if (key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await storage.WorklistOf(council).DeleteEntityAsync(council, key, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Removes the texts kept longer than <see cref="KeptFor"/> in these councils. Idempotent; returns how many went.</summary>
    public async Task<int> ForgetOldAsync(IEnumerable<string> councils, CancellationToken cancellationToken)
    {
        var removed = 0;
        var before = time.GetUtcNow() - KeptFor;
        foreach (var council in councils.Append(NoCouncil))
        {
            var filter = $"{InPartition(council)} and {TableClient.CreateQueryFilter($"KeptAt lt {before}")}";
            await foreach (var row in storage.WorklistOf(council).QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                await storage.WorklistOf(council).DeleteEntityAsync(council, row.RowKey, cancellationToken: cancellationToken);
                removed++;
            }
        }

        return removed;
    }

    private static string InPartition(string council) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {council} and RowKey ge {Prefix} and RowKey lt {"u~~"}");

    private static string KeyOf(InboundText text) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{text.Provider}:{text.ProviderId}")).AsSpan(0, 16));
}
