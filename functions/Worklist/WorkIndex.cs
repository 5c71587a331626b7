using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Worklist;

/// <summary>
/// The work index: each council's active journeys, one line each, in <see cref="StorageAccount.Shards"/> rows of the
/// <c>Worklist</c> table per council (the journey's shard), each row a JSON map from journey id to line. The worklist
/// reads a council's rows by point reads, so its cost does not grow with the number of journeys stored, and lines are
/// written ahead of each commit (a re-run change writes its line again; a crash before the commit leaves a line a step
/// ahead, put right by the journey's next change or timer). Writes to one row take turns within an instance from the row
/// as it last wrote it, and retry on another instance's write.
/// </summary>
public sealed class WorkIndex(StorageAccount storage, IOptions<RetryOptions> retry, ILogger<WorkIndex> logger) : IWorkIndex
{
    // Lines leave out what they do not hold (no allocation, no checks due, no panel), to keep a council's rows small.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };
    private readonly ConcurrentDictionary<string, (string? Json, ETag? ETag)> _latest = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task WriteAsync(Journey journey, CouncilPolicy policy, string? movedFrom, CancellationToken cancellationToken)
    {
        var line = journey.Status == JourneyStatus.Active ? LineOf(journey, policy) : null;
        await ChangeAsync(journey.LocalAuthority, journey.Id, line, cancellationToken);
        if (movedFrom is not null && movedFrom != journey.LocalAuthority)
        {
            await ChangeAsync(movedFrom, journey.Id, null, cancellationToken);
        }
    }

    public Task RemoveAsync(string council, string journeyId, CancellationToken cancellationToken) => ChangeAsync(council, journeyId, null, cancellationToken);

    /// <summary>Every active journey of these councils, by point reads (each council's rows).</summary>
    public async Task<IReadOnlyList<WorkItem>> ReadAsync(IEnumerable<string> councils, CancellationToken cancellationToken)
    {
        var keys = councils.SelectMany(c => Enumerable.Range(0, StorageAccount.Shards).Select(s => Partition(c, s))).ToList();
        var rows = new Dictionary<string, WorkItem>[keys.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) => rows[i] = Parse((await ReadTextAsync(keys[i], ct)).Value));
        return [.. rows.SelectMany(r => r.Values)];
    }

    /// <summary>A journey's line: its running clocks, its checks due, its panel, who has it and what last happened.</summary>
    public static WorkItem LineOf(Journey journey, CouncilPolicy policy)
    {
        var clocks = journey.Deadlines.Values.Where(d => d.IsOpen).Select(d => new WorkClock(d.Clock.ToString(), d.DueAt)).OrderBy(c => c.DueAt).ToList();
        var checks = Household.Checks(journey, policy)
            .Where(c => c.State == Household.Outstanding && c.DueAt is not null)
            .Select(c => new WorkCheck(Journeys.Pages.StepCatalogue.PersonName(journey, c.PersonId), c.Check, c.DueAt!.Value)).ToList();
        var panel = journey.Milestones.LastOrDefault(m => m.Type == nameof(JourneyEventType.PanelDateSet))?.Detail is { } at
            ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        var papers = journey.Deadlines.TryGetValue(ClockName.PanelPapers, out var p) && p.MetAt is not null;
        var attempt = journey.Milestones.LastOrDefault(m => m.Type == nameof(JourneyEventType.ContactAttempted))?.Detail;
        return new WorkItem(journey.Id, journey.LocalAuthority, journey.Applicant.FirstName, journey.Applicant.LastName, journey.Stage.ToString(),
            journey.ReceivedAt, journey.LastEventAt, journey.AllocatedTo, journey.Flags, clocks, checks, panel, papers, attempt);
    }

    private async Task ChangeAsync(string council, string journeyId, WorkItem? line, CancellationToken cancellationToken)
    {
        var partition = Partition(council, StorageAccount.ShardOf(journeyId));
        var gate = _gates[(int)((uint)StringComparer.Ordinal.GetHashCode(partition) % (uint)_gates.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var cached = _latest.TryGetValue(partition, out var known);
                var (text, etag) = cached ? known : await ReadTextAsync(partition, cancellationToken);
                var lines = Parse(text);
                if (line is null ? !lines.Remove(journeyId) : lines.TryGetValue(journeyId, out var held) && Same(held, line))
                {
                    if (cached)
                    {
                        // Another instance may have written the row since this one cached it: nothing to change only if the row says so.
                        _latest.TryRemove(partition, out _);
                        continue;
                    }

                    _latest[partition] = (text, etag);
                    return; // nothing to change
                }

                if (line is not null)
                {
                    lines[journeyId] = line;
                }

                var json = JsonSerializer.Serialize(lines, Json);
                if (json.Length > ChunkedText.ChunkChars * ChunkedText.MaxChunks)
                {
                    // A council with more open journeys than its rows hold: the journey's commit goes ahead, its line is
                    // left out of the work list (and said in the log), rather than no step being recorded at all.
                    Log.RowFull(logger, partition, lines.Count);
                    return;
                }

                try
                {
                    var response = etag is { } current
                        ? await storage.Worklist.UpdateEntityAsync(Row(partition, json), current, TableUpdateMode.Replace, cancellationToken)
                        : await storage.Worklist.AddEntityAsync(Row(partition, json), cancellationToken);
                    _latest[partition] = (json, response.Headers.ETag);
                    return;
                }
                catch (RequestFailedException e) when (e.IsLostRace() && attempt < 50)
                {
                    // Another instance wrote the row first: read it again, at once the first times, then with back-off.
                    _latest.TryRemove(partition, out _);
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

    private static bool Same(WorkItem a, WorkItem b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json);

    private Task<(string? Value, ETag? ETag)> ReadTextAsync(string partition, CancellationToken cancellationToken)
        => ChunkedText.ReadAsync(storage.Worklist, partition, "~", "W", cancellationToken);

    private static Dictionary<string, WorkItem> Parse(string? json) =>
        json is null ? new(StringComparer.Ordinal) : new(JsonSerializer.Deserialize<Dictionary<string, WorkItem>>(json, Json) ?? [], StringComparer.Ordinal);

    private static TableEntity Row(string partition, string text) => ChunkedText.Row(partition, "~", "W", text);

    private static string Partition(string council, int shard) => string.Create(CultureInfo.InvariantCulture, $"{council}|{shard}");
}
