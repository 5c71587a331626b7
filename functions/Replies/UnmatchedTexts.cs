using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Replies;

/// <summary>
/// Texts that matched no journey, or several, kept in the council's partition of its work index (rows <c>u~{ticks}~{id}</c>)
/// until a member of staff marks them dealt with, or <see cref="KeptFor"/> has passed: they name a number and hold words, and
/// are kept no longer than the team needs to act on them. A text told twice is one row (its key comes from the provider's id).
/// Texts whose council could not be told (an ACS number no council sends from) are kept under <see cref="NoCouncil"/>, for
/// staff who cover every council.
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
            ["Provider"] = text.Provider,
            ["Candidates"] = JsonSerializer.Serialize(candidates),
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The texts kept for these councils (and for no council when <paramref name="withoutCouncil"/>), newest first, at most <paramref name="limit"/> each.</summary>
    public async Task<IReadOnlyList<UnmatchedText>> ListAsync(IEnumerable<string> councils, bool withoutCouncil, int limit, CancellationToken cancellationToken)
    {
        var found = new List<UnmatchedText>();
        foreach (var council in withoutCouncil ? councils.Append(NoCouncil) : councils)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {council} and RowKey ge {Prefix} and RowKey lt {"u~~"}");
            await foreach (var row in storage.WorklistOf(council).QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken))
            {
                found.Add(new UnmatchedText(council, row.RowKey, row.GetString("From") ?? "", row.GetString("Words") ?? "", row.GetDateTimeOffset("ReceivedAt") ?? default,
                    JsonSerializer.Deserialize<List<string>>(row.GetString("Candidates") ?? "[]") ?? []));
                if (found.Count(f => f.Council == council) >= limit)
                {
                    break;
                }
            }
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

    /// <summary>Removes the texts older than <see cref="KeptFor"/> in these councils. Idempotent; returns how many went.</summary>
    public async Task<int> ForgetOldAsync(IEnumerable<string> councils, CancellationToken cancellationToken)
    {
        var removed = 0;
        var before = Prefix + Ticks(time.GetUtcNow() - KeptFor);
        foreach (var council in councils.Append(NoCouncil))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {council} and RowKey ge {Prefix} and RowKey lt {before}");
            await foreach (var row in storage.WorklistOf(council).QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                await storage.WorklistOf(council).DeleteEntityAsync(council, row.RowKey, cancellationToken: cancellationToken);
                removed++;
            }
        }

        return removed;
    }

    private static string KeyOf(InboundText text) =>
        $"{Prefix}{Ticks(text.ReceivedAt)}~{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{text.Provider}:{text.ProviderId}")).AsSpan(0, 12))}";

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
