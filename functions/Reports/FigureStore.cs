using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Reports;

/// <summary>
/// The reports' figures, kept by the engine as journeys move.
/// <para>
/// An open month lives in tables <c>Figures{shard}</c> (the journey's shard, so concurrent changes of one council spread over
/// rows rather than all queueing on one ETag): PartitionKey <c>{council}|{yyyy-MM}|{shard}</c> holds one figures row (RowKey
/// <c>~</c> + the PartitionKey) and one marker row per fact folded into it (RowKey <c>{hash of journey id}|{fact key}</c>). A
/// fact is folded by one entity group transaction that inserts its marker and replaces the figures row under its ETag: a fact
/// folded before fails its marker's insert, so a re-run change, a replayed timer or a crash between the fold and the journey's
/// commit never counts anything twice.
/// </para>
/// <para>
/// A month closes (<see cref="CloseAsync"/>, run by <see cref="MonthCloser"/>) once it is <see cref="ClosesAfterDays"/> days
/// past: its shards' rows are marked closed and folded into one row of table <c>FigureMonths</c> (PartitionKey the council,
/// RowKey <c>yyyy-MM</c>). A fact that comes later for a closed month (a clock started then and met or breached since, a step
/// recorded with an old date) folds into that row under its ETag, its key kept in the row so it counts once.
/// </para>
/// Reports read a council's closed months by one query over its month rows' keys (one partition, no markers among them), and
/// the open months' shard rows by point reads: never a query of the shard tables, which on Azurite scans all their markers.
/// </summary>
public sealed partial class FigureStore(StorageAccount storage, PolicyBook policies, TimeProvider time, IOptions<RetryOptions> retry, ILogger<FigureStore> logger) : IFigureKeeper
{
    /// <summary>How many days after its last a month closes: steps recorded a few days late still land in the shards.</summary>
    public const int ClosesAfterDays = 7;

    private const int AllShards = (1 << StorageAccount.Shards) - 1;

    private readonly ConcurrentDictionary<string, Stored> _latest = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private const int MaxRemembered = 4096;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A figures row as read or as this instance last wrote it: its text, its ETag (none: no row yet), whether it is a shard's
    /// row that has closed, and for a month's row which shards have been folded into it (one bit each).
    /// </summary>
    private readonly record struct Stored(string? Text, ETag? ETag, bool Closed, int Merged);

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
        var table = storage.FigureTables[shard];
        var partition = Partition(council, month, shard);
        var journeyKey = JourneyKey(journeyId);
        var closed = false;
        // Folds into one row take turns within this instance, from the row as this instance last wrote it: one storage call
        // each while no other instance writes the row (another's write fails the ETag, and this instance reads the row again).
        await using (await GateAsync(partition, cancellationToken))
        {
            for (var attempt = 0; facts.Count > 0; attempt++)
            {
                var row = await LatestAsync(table, partition, cancellationToken);
                if (row.Closed)
                {
                    closed = true;
                    break;
                }

                var json = Fold(row.Text, facts, journeyId, takeBack);
                var actions = facts
                    .Select(f => takeBack ? Delete(partition, $"{journeyKey}|{f.Key}") : Add(partition, $"{journeyKey}|{f.Key}"))
                    .Append(Write(Row(partition, json, closed: false), row.ETag))
                    .ToList();
                if (await SubmitAsync(table, partition, actions, facts, attempt, cancellationToken) is { } written)
                {
                    Remember(partition, new Stored(json, written, false, 0));
                    return;
                }
            }
        }

        if (closed && facts.Count > 0)
        {
            await ApplyClosedAsync(council, journeyId, month, shard, facts, takeBack, cancellationToken);
        }
    }

    /// <summary>
    /// Folds facts for a month that has closed into its month's row, under its ETag. The row keeps the keys of the facts folded
    /// into it since, so a fact folded again is refused; a fact its shard's row counted before it closed keeps its marker there,
    /// and the row notes it taken back (the key and <c>|back</c>) when it is, so it is taken back once and folds again once.
    /// </summary>
    private async Task ApplyClosedAsync(string council, string journeyId, DateOnly month, int shard, List<Fact> facts, bool takeBack, CancellationToken cancellationToken)
    {
        var journeyKey = JourneyKey(journeyId);
        var shardPartition = Partition(council, month, shard);
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            var marker = await storage.FigureTables[shard].GetEntityIfExistsAsync<TableEntity>(shardPartition, $"{journeyKey}|{fact.Key}", select: ["PartitionKey"], cancellationToken: cancellationToken);
            if (marker.HasValue)
            {
                counted.Add(fact.Key);
            }
        }

        var key = MonthKey(council, month);
        await using (await GateAsync(key, cancellationToken))
        {
            for (var attempt = 0; ; attempt++)
            {
                var row = await LatestMonthAsync(council, month, cancellationToken);
                var figures = Parse(row.Text);
                var folded = figures.Folded ??= new SortedSet<string>(StringComparer.Ordinal);
                var applied = 0;
                foreach (var fact in facts)
                {
                    var name = $"{journeyKey}|{fact.Key}";
                    var counts = (takeBack, counted.Contains(fact.Key)) switch
                    {
                        (false, false) => folded.Add(name),
                        (false, true) => folded.Remove(name + "|back"),
                        (true, false) => folded.Remove(name),
                        (true, true) => folded.Add(name + "|back"),
                    };
                    if (counts)
                    {
                        figures.Apply(takeBack ? Inverse(fact) : fact, journeyId);
                        applied++;
                    }
                }

                if (applied == 0)
                {
                    return;
                }

                var json = JsonSerializer.Serialize(figures, Json);
                try
                {
                    var entity = MonthRow(council, month, json, row.Merged);
                    var written = row.ETag is { } known
                        ? await storage.FigureMonths.UpdateEntityAsync(entity, known, TableUpdateMode.Replace, cancellationToken)
                        : await storage.FigureMonths.AddEntityAsync(entity, cancellationToken);
                    Remember(key, row with { Text = json, ETag = written.Headers.ETag });
                    return;
                }
                catch (RequestFailedException e) when (e.IsLostRace() && attempt < 50)
                {
                    await LostRaceAsync(key, attempt, cancellationToken);
                }
            }
        }
    }

    /// <summary>A row's figures with the facts (or, taking back, their inverses) applied, as the row's new text.</summary>
    private static string Fold(string? text, List<Fact> facts, string journeyId, bool takeBack)
    {
        var figures = Parse(text);
        foreach (var fact in facts)
        {
            figures.Apply(takeBack ? Inverse(fact) : fact, journeyId);
        }

        return JsonSerializer.Serialize(figures, Json);
    }

    /// <summary>
    /// Submits one transaction of fact markers and the figures row last: the row's new ETag, or none when it did not go through
    /// (a fact found folded before, or not there to take back, is dropped from <paramref name="facts"/>; a row another writer
    /// changed is forgotten, to be read again).
    /// </summary>
    private async Task<ETag?> SubmitAsync(TableClient table, string partition, List<TableTransactionAction> actions, List<Fact> facts, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken);
            return response.Value[^1].Headers.ETag ?? ETag.All;
        }
        catch (TableTransactionFailedException e) when ((e.IsAlreadyExists() || e.IsNotFound()) && e.FailedTransactionActionIndex is { } index && index < facts.Count)
        {
            facts.RemoveAt(index);
        }
        catch (RequestFailedException e) when (e.IsLostRace() && attempt < 50)
        {
            await LostRaceAsync(partition, attempt, cancellationToken);
        }

        return null;
    }

    /// <summary>Another instance wrote the row first: forget it, to read it again, at once the first times, then with the jittered back-off.</summary>
    private async Task LostRaceAsync(string key, int attempt, CancellationToken cancellationToken)
    {
        _latest.TryRemove(key, out _);
        Log.Contended(logger, key, attempt + 1);
        if (attempt >= 2)
        {
            await Task.Delay(retry.Value.Backoff(Math.Min(attempt - 2, 5)), cancellationToken);
        }
    }

    /// <summary>What undoes a fact: its count taken back, its measured time removed, its breach entry gone.</summary>
    private static Fact Inverse(Fact fact) =>
        fact with { Delta = -fact.Delta, Breach = fact.DropBreach ? null : fact.Breach, DropBreach = fact.Breach is not null && !fact.DropBreach };

    private void Remember(string partition, Stored row)
    {
        if (row.ETag is null || row.ETag == ETag.All)
        {
            _latest.TryRemove(partition, out _);
            return;
        }

        if (_latest.Count >= MaxRemembered)
        {
            _latest.Clear(); // months long past are rarely written again; the next fold into one reads it
        }

        _latest[partition] = row;
    }

    /// <summary>Forgets a purged journey's breaches in the figures rows of the months its clocks started.</summary>
    public async Task ForgetAsync(string council, string journeyId, IEnumerable<DateOnly> months, CancellationToken cancellationToken)
    {
        var shard = StorageAccount.ShardOf(journeyId);
        foreach (var month in months.Select(m => new DateOnly(m.Year, m.Month, 1)).Distinct())
        {
            await ForgetInAsync(storage.FigureTables[shard], Partition(council, month, shard), "~" + Partition(council, month, shard), journeyId, always: false, cancellationToken);
            // The month's row after its shard's: written even with nothing to forget while it exists, so a closing that read
            // the shard before this forgot in it fails its ETag and reads the shard again.
            await ForgetInAsync(storage.FigureMonths, council, MonthRowKey(month), journeyId, always: true, cancellationToken);
        }
    }

    private async Task ForgetInAsync(TableClient table, string partition, string rowKey, string journeyId, bool always, CancellationToken cancellationToken)
    {
        var key = table == storage.FigureMonths ? $"{partition}|{rowKey}" : partition;
        await using (await GateAsync(key, cancellationToken))
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                _latest.TryRemove(key, out _);
                var row = await ReadAsync(table, partition, rowKey, cancellationToken);
                var figures = Parse(row.Text);
                if (row.ETag is not { } known || (!figures.Forget(journeyId) && !always))
                {
                    return;
                }

                var text = JsonSerializer.Serialize(figures, Json);
                var entity = table == storage.FigureMonths ? MonthRow(partition, rowKey, text, row.Merged) : Row(partition, text, row.Closed);
                try
                {
                    await table.UpdateEntityAsync(entity, known, TableUpdateMode.Replace, cancellationToken);
                    return;
                }
                catch (RequestFailedException e) when (e.IsChanged())
                {
                    await Task.Delay(retry.Value.Backoff(Math.Min(attempt, 5)), cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// Each council's figures for each month. The months that may have closed are one query a council over its month rows (a
    /// range of row keys in one partition); then, after them, the shards' rows of every month not closed, or closed but with
    /// shards not yet folded in (read after its month's row, so a shard folded in between counts once). At most 32 reads at once.
    /// </summary>
    public async Task<IReadOnlyList<MonthFigures>> ReadAsync(IEnumerable<string> councils, IEnumerable<DateOnly> months, CancellationToken cancellationToken)
    {
        var sorted = months.Select(m => new DateOnly(m.Year, m.Month, 1)).Distinct().Order().ToList();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1); // a day ahead of any council's date
        var ended = sorted.Where(m => m.AddMonths(1) <= today).ToList();
        var rows = new ConcurrentBag<MonthFigures>();
        var merged = new ConcurrentDictionary<(string, DateOnly), int>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken };
        var scope = councils.ToList();
        if (ended.Count > 0)
        {
            await Parallel.ForEachAsync(scope, parallel, async (council, ct) =>
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {council} and RowKey ge {MonthRowKey(ended[0])} and RowKey le {MonthRowKey(ended[^1])}");
                await foreach (var row in storage.FigureMonths.QueryAsync<TableEntity>(filter, cancellationToken: ct))
                {
                    var month = DateOnly.ParseExact(row.RowKey, "yyyy-MM", CultureInfo.InvariantCulture);
                    if (ended.BinarySearch(month) >= 0)
                    {
                        merged[(council, month)] = row.GetInt32("Merged") ?? 0;
                        Add(rows, ChunkedText.TextOf(row, "F"), council, month);
                    }
                }
            });
        }

        var shards = (from council in scope
                      from month in sorted
                      from shard in Enumerable.Range(0, StorageAccount.Shards)
                      where (merged.GetValueOrDefault((council, month)) & (1 << shard)) == 0
                      select (council, month, shard)).ToList();
        await Parallel.ForEachAsync(shards, parallel, async (key, ct) =>
        {
            var partition = Partition(key.council, key.month, key.shard);
            Add(rows, (await ReadAsync(storage.FigureTables[key.shard], partition, "~" + partition, ct)).Text, key.council, key.month);
        });
        return [.. rows];

        static void Add(ConcurrentBag<MonthFigures> rows, string? text, string council, DateOnly month)
        {
            if (!string.IsNullOrEmpty(text))
            {
                var figures = Parse(text);
                figures.Council = council;
                figures.Month = month;
                rows.Add(figures);
            }
        }
    }

    private static async Task<Stored> ReadAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } row
            ? new Stored(ChunkedText.TextOf(row, "F"), row.ETag, row.GetBoolean("Closed") == true, row.GetInt32("Merged") ?? 0)
            : default;
    }

    /// <summary>A shard's row of a month as this instance last wrote it, else as storage holds it.</summary>
    private async Task<Stored> LatestAsync(TableClient table, string partition, CancellationToken cancellationToken) =>
        _latest.TryGetValue(partition, out var known) ? known : await ReadAsync(table, partition, "~" + partition, cancellationToken);

    /// <summary>A month's row as this instance last wrote it, else as storage holds it.</summary>
    private async Task<Stored> LatestMonthAsync(string council, DateOnly month, CancellationToken cancellationToken) =>
        _latest.TryGetValue(MonthKey(council, month), out var known) ? known : await ReadAsync(storage.FigureMonths, council, MonthRowKey(month), cancellationToken);

    private static MonthFigures Parse(string? json) =>
        string.IsNullOrEmpty(json) ? new MonthFigures() : JsonSerializer.Deserialize<MonthFigures>(json, Json) ?? new MonthFigures();

    private static TableEntity Row(string partition, string text, bool closed)
    {
        var row = ChunkedText.Row(partition, "~" + partition, "F", text);
        if (closed)
        {
            row["Closed"] = true;
        }

        return row;
    }

    private static TableEntity MonthRow(string council, DateOnly month, string text, int merged) => MonthRow(council, MonthRowKey(month), text, merged);

    private static TableEntity MonthRow(string council, string rowKey, string text, int merged)
    {
        var row = ChunkedText.Row(council, rowKey, "F", text);
        row["Merged"] = merged;
        return row;
    }

    private static TableTransactionAction Add(string partition, string rowKey) =>
        new(TableTransactionActionType.Add, new TableEntity(partition, rowKey));

    private static TableTransactionAction Delete(string partition, string rowKey) =>
        new(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), ETag.All);

    private static TableTransactionAction Write(TableEntity row, ETag? etag) =>
        etag is { } current ? new(TableTransactionActionType.UpdateReplace, row, current) : new(TableTransactionActionType.Add, row);

    /// <summary>Waits for this instance's turn at a row; disposing the result gives the turn up.</summary>
    private async Task<IAsyncDisposable> GateAsync(string partition, CancellationToken cancellationToken)
    {
        var gate = _gates[(int)((uint)StringComparer.Ordinal.GetHashCode(partition) % (uint)_gates.Length)];
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }

    public static string Partition(string council, DateOnly month, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{council}|{month:yyyy-MM}|{shard}");

    /// <summary>A month's row in <c>FigureMonths</c>: PartitionKey the council, RowKey the month.</summary>
    private static string MonthRowKey(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>How this instance names a month's row among the rows it remembers and the turns it takes.</summary>
    private static string MonthKey(string council, DateOnly month) => $"{council}|{MonthRowKey(month)}";

    /// <summary>Markers name a journey by a hash of its id, so the figures table holds no journey id once a journey is purged.</summary>
    private static string JourneyKey(string journeyId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("figures:" + journeyId)))[..24];
}
