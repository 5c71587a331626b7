using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Reports;

/// <summary>
/// The reports' figures, kept by the engine as journeys move. Tables <c>Figures{shard}</c> (the journey's shard, so concurrent
/// changes of one council spread over rows rather than all queueing on one ETag): PartitionKey <c>{council}|{yyyy-MM}|{shard}</c>
/// holds one figures row (RowKey <c>~</c> + the PartitionKey) and one marker row per fact folded into it (RowKey
/// <c>{hash of journey id}|{fact key}</c>). A fact is folded by one entity group transaction that inserts its marker and
/// replaces the figures row under its ETag: a fact folded before fails its marker's insert, so a re-run change, a replayed
/// timer or a crash between the fold and the journey's commit never counts anything twice. Reports read figures rows by
/// point reads only (councils × months × shards), never a query: on Azurite every query scans its whole table.
/// </summary>
public sealed partial class FigureStore(StorageAccount storage, IOptions<RetryOptions> retry, ILogger<FigureStore> logger) : IFigureKeeper
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? Json, ETag? ETag)> _latest = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private const int MaxRemembered = 4096;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task FoldAsync(string localAuthority, string journeyId, IReadOnlyList<Fact> facts, CancellationToken cancellationToken)
    {
        foreach (var month in facts.GroupBy(f => new DateOnly(f.Day.Year, f.Day.Month, 1)))
        {
            await ApplyMonthAsync(localAuthority, journeyId, month.Key, [.. month], takeBack: false, cancellationToken);
        }
    }

    /// <summary>
    /// Takes back facts folded for a change that did not commit (it lost a race and was refused on its re-run): each fact's
    /// marker is deleted with its counts, in one transaction, so a fact taken back twice is taken back once, and the same
    /// fact folds again when it does happen.
    /// </summary>
    public async Task TakeBackAsync(string localAuthority, string journeyId, IReadOnlyList<Fact> facts, CancellationToken cancellationToken)
    {
        foreach (var month in facts.DistinctBy(f => f.Key).GroupBy(f => new DateOnly(f.Day.Year, f.Day.Month, 1)))
        {
            await ApplyMonthAsync(localAuthority, journeyId, month.Key, [.. month], takeBack: true, cancellationToken);
        }
    }

    private async Task ApplyMonthAsync(string council, string journeyId, DateOnly month, List<Fact> facts, bool takeBack, CancellationToken cancellationToken)
    {
        var shard = StorageAccount.ShardOf(journeyId);
        var partition = Partition(council, month, shard);
        var journeyKey = JourneyKey(journeyId);
        // Folds into one row take turns within this instance, from the row as this instance last wrote it: one storage call
        // each while no other instance writes the row (another's write fails the ETag, and this instance reads the row again).
        var gate = _gates[(int)((uint)StringComparer.Ordinal.GetHashCode(partition) % (uint)_gates.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; facts.Count > 0; attempt++)
            {
                var (text, etag) = _latest.TryGetValue(partition, out var known) ? known : await ReadTextAsync(shard, partition, cancellationToken);
                var figures = Parse(text);
                foreach (var fact in facts)
                {
                    figures.Apply(takeBack ? Inverse(fact) : fact, journeyId);
                }

                var json = JsonSerializer.Serialize(figures, Json);
                var actions = facts
                    .Select(f => takeBack
                        ? new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, $"{journeyKey}|{f.Key}"), ETag.All)
                        : new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"{journeyKey}|{f.Key}")))
                    .Append(etag is { } current
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, Row(partition, json), current)
                        : new TableTransactionAction(TableTransactionActionType.Add, Row(partition, json)))
                    .ToList();
                try
                {
                    var response = await storage.FigureTables[shard].SubmitTransactionAsync(actions, cancellationToken);
                    Remember(partition, json, response.Value[^1].Headers.ETag);
                    return;
                }
                catch (TableTransactionFailedException e) when ((takeBack ? e.IsNotFound() : e.IsAlreadyExists()) && e.FailedTransactionActionIndex is { } index && index < facts.Count)
                {
                    // Folded before (a re-run change), or, taking back, never folded or taken back before: leave that fact.
                    facts.RemoveAt(index);
                }
                catch (RequestFailedException e) when (e.IsLostRace() && attempt < 50)
                {
                    // Another instance folded into the row first: read it again, at once the first times, then with the
                    // jittered back-off.
                    _latest.TryRemove(partition, out _);
                    Log.Contended(logger, partition, attempt + 1);
                    if (attempt >= 2)
                    {
                        await Task.Delay(retry.Value.Backoff(Math.Min(attempt - 2, 5)), cancellationToken);
                    }
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>What undoes a fact: its count taken back, its measured time removed, its breach entry gone.</summary>
    private static Fact Inverse(Fact fact) =>
        fact with { Delta = -fact.Delta, Breach = fact.DropBreach ? null : fact.Breach, DropBreach = fact.Breach is not null && !fact.DropBreach };

    private void Remember(string partition, string json, ETag? etag)
    {
        if (etag is not { } known)
        {
            _latest.TryRemove(partition, out _);
            return;
        }

        if (_latest.Count >= MaxRemembered)
        {
            _latest.Clear(); // months long past are rarely written again; the next fold into one reads it
        }

        _latest[partition] = (json, known);
    }

    /// <summary>Forgets a purged journey's breaches in the figures rows of the months its clocks started.</summary>
    public async Task ForgetAsync(string council, string journeyId, IEnumerable<DateOnly> months, CancellationToken cancellationToken)
    {
        var shard = StorageAccount.ShardOf(journeyId);
        foreach (var month in months.Select(m => new DateOnly(m.Year, m.Month, 1)).Distinct())
        {
            var partition = Partition(council, month, shard);
            for (var attempt = 0; attempt < 50; attempt++)
            {
                _latest.TryRemove(partition, out _);
                var (text, etag) = await ReadTextAsync(shard, partition, cancellationToken);
                var figures = Parse(text);
                if (etag is not { } known || !figures.Forget(journeyId))
                {
                    break;
                }

                try
                {
                    await storage.FigureTables[shard].UpdateEntityAsync(Row(partition, JsonSerializer.Serialize(figures, Json)), known, TableUpdateMode.Replace, cancellationToken);
                    break;
                }
                catch (RequestFailedException e) when (e.IsChanged())
                {
                    await Task.Delay(retry.Value.Backoff(Math.Min(attempt, 5)), cancellationToken);
                }
            }
        }
    }

    /// <summary>Every shard of each council's figures for each month, read at once by point reads.</summary>
    public async Task<IReadOnlyList<MonthFigures>> ReadAsync(IEnumerable<string> councils, IEnumerable<DateOnly> months, CancellationToken cancellationToken)
    {
        var keys = (from council in councils
                    from month in months
                    from shard in Enumerable.Range(0, StorageAccount.Shards)
                    select (council, month, shard)).ToList();
        var rows = new MonthFigures[keys.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var (council, month, shard) = keys[i];
                var figures = Parse((await ReadTextAsync(shard, Partition(council, month, shard), ct)).Value);
                figures.Council = council;
                figures.Month = month;
                rows[i] = figures;
            });
        return rows;
    }

    private Task<(string? Value, ETag? ETag)> ReadTextAsync(int shard, string partition, CancellationToken cancellationToken)
        => ChunkedText.ReadAsync(storage.FigureTables[shard], partition, "~" + partition, "F", cancellationToken);

    private static MonthFigures Parse(string? json) =>
        json is null ? new MonthFigures() : JsonSerializer.Deserialize<MonthFigures>(json, Json) ?? new MonthFigures();

    private static TableEntity Row(string partition, string text) => ChunkedText.Row(partition, "~" + partition, "F", text);

    public static string Partition(string council, DateOnly month, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{council}|{month:yyyy-MM}|{shard}");

    /// <summary>Markers name a journey by a hash of its id, so the figures table holds no journey id once a journey is purged.</summary>
    private static string JourneyKey(string journeyId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("figures:" + journeyId)))[..24];
}
