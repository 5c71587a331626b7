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
/// The work index: in each council's partition of the <c>Worklist</c> table, every active journey's rows keyed by when
/// they are due (<see cref="WorkEntries"/>: each clock, the next one marked, its checks by due date, its panel, when it
/// stalls, the words of its name), each holding the journey's line (a name row only its key); and the journey's own row
/// (<see cref="WorkKind.Journey"/>) naming them all. A section of the worklist is one range read per council, limited to
/// what it shows, so its cost does not grow with the number of journeys. A journey's rows are written ahead of its
/// commit (as timers are) by one point read of its own row and one batch in its council's partition that puts its rows
/// as they are now, deletes those it no longer has and rewrites its own row, guarded by that row's ETag: atomic, so the
/// own row names exactly the rows there are, and a change that lost a race (or a commit that never happened) is put
/// right by the next.
/// </summary>
public sealed class WorkIndex(StorageAccount storage, IOptions<RetryOptions> retry) : IWorkIndex
{
    // Lines leave out what they do not hold (no allocation, no checks due, no panel), to keep rows small.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>The far end of time as a column holds it (a journey with no clock running is never overdue).</summary>
    private static readonly DateTimeOffset FarFuture = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How many pages a range read of the index follows when a filter leaves most of them out, before it says there are more.</summary>
    private const int MaxPages = 10;

    /// <summary>A search by name finds at most this many journeys a council (the worklist then narrows, orders and shows 50 of them).</summary>
    public const int NameLimit = 200;

    public async Task WriteAsync(Journey journey, CouncilPolicy policy, string? movedFrom, CancellationToken cancellationToken)
    {
        var line = journey.Status == JourneyStatus.Active ? LineOf(journey, policy) : null;
        await SetAsync(journey.LocalAuthority, journey.Id, line, cancellationToken);
        if (movedFrom is not null && movedFrom != journey.LocalAuthority)
        {
            await SetAsync(movedFrom, journey.Id, null, cancellationToken);
        }
    }

    public Task RemoveAsync(string council, string journeyId, CancellationToken cancellationToken) => SetAsync(council, journeyId, null, cancellationToken);

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
            journey.ReceivedAt, journey.LastEventAt, journey.AllocatedTo, journey.Flags, clocks, checks, panel, papers, attempt,
            WorkflowContext.StallsAt(journey, policy.Calendar), journey.StallToldFor == journey.LastEventAt, journey.AttentionSince);
    }

    /// <summary>
    /// The first <paramref name="limit"/> rows of one kind in these councils, from the start of <paramref name="range"/>
    /// (inclusive) to its end (exclusive) as each council's calendar puts them, narrowed by the filter: one range read a
    /// council, merged in time order.
    /// </summary>
    public async Task<WorkSlice> SectionAsync(
        IReadOnlyList<string> councils, WorkKind kind, Func<string, (DateTimeOffset? From, DateTimeOffset? Until)> range, WorkFilter filter, string me, int limit,
        CancellationToken cancellationToken)
    {
        var narrowed = Narrowing(kind, filter, me);
        var prefix = WorkEntry.Prefix(kind);
        var reads = await Task.WhenAll(councils.Select(council =>
        {
            var (from, until) = range(council);
            return ReadRangeAsync(council, kind, prefix + (from is { } f ? WorkEntry.Ticks(f) : ""), null,
                until is { } u ? prefix + WorkEntry.Ticks(u) : prefix + "~", narrowed, limit, cancellationToken);
        }));
        return Merge(reads, limit);
    }

    public async Task<IReadOnlyList<WorkListing>> ListAsync(WorkQuery query, CancellationToken cancellationToken)
    {
        // The clock rows: by the next clock of each journey (its row marked Next); narrowed to one clock, by that clock's
        // rows (a journey runs each clock once at most).
        const WorkKind kind = WorkKind.Clock;
        var prefix = WorkEntry.Prefix(kind);
        var filters = new List<string> { query.Clock is null ? "Next eq true" : TableClient.CreateQueryFilter($"Clock eq {query.Clock}") };

        if (query.Stage is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Stage eq {query.Stage}"));
        }

        if (query.AllocatedTo is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"AllocatedTo eq {query.AllocatedTo.ToLowerInvariant()}"));
        }

        if (query.Overdue is { } overdue)
        {
            filters.Add(overdue ? TableClient.CreateQueryFilter($"FirstDue lt {query.Now}") : TableClient.CreateQueryFilter($"FirstDue ge {query.Now}"));
        }

        var until = query.Before is { } before ? prefix + WorkEntry.Ticks(before) : prefix + "~";
        // Every page is followed (no cap), so a narrow filter never ends the list early nor lets the cursor pass rows unread.
        var reads = await Task.WhenAll(query.Councils.Select(council => query.After is { } after
            ? ReadRangeAsync(council, kind, null, after, until, filters, query.Size + 1, cancellationToken, int.MaxValue)
            : ReadRangeAsync(council, kind, prefix, null, until, filters, query.Size + 1, cancellationToken, int.MaxValue)));
        var slice = Merge(reads, query.Size + 1);
        return [.. slice.Lines.Select(l => new WorkListing(l.Item, l.Entry.Clock is { } clock ? new WorkClock(clock, l.Entry.At!.Value) : null, l.Key))];
    }

    /// <summary>Stalled journeys of a council the team has not been told about yet (their stall point passed by <paramref name="now"/>), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<WorkItem>> UntoldStallsAsync(string council, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var prefix = WorkEntry.Prefix(WorkKind.Stall);
        var read = await ReadRangeAsync(council, WorkKind.Stall, prefix, null, prefix + WorkEntry.Ticks(now.AddTicks(1)), ["Told eq false"], limit, cancellationToken);
        return [.. read.Lines.Select(l => l.Item)];
    }

    /// <summary>The lines of these journeys (those in the councils named, each by a point read of its own row, the first <paramref name="limit"/>), for a search.</summary>
    public async Task<IReadOnlyList<WorkItem>> LinesAsync(IEnumerable<(string Council, string JourneyId)> journeys, int limit, CancellationToken cancellationToken)
    {
        var rows = await Task.WhenAll(journeys.Distinct().Take(limit).Select(async j =>
        {
            var found = await storage.WorklistOf(j.Council).GetEntityIfExistsAsync<TableEntity>(j.Council, WorkEntry.Prefix(WorkKind.Journey) + j.JourneyId,
                cancellationToken: cancellationToken);
            return found.HasValue ? found.Value : null;
        }));
        return [.. rows.OfType<TableEntity>().Select(r => ItemFrom(r, WorkEntry.FromKey(WorkKind.Journey, r.RowKey).JourneyId))];
    }

    /// <summary>
    /// The journeys whose name has a word starting with each word of <paramref name="query"/> (as <see cref="WorkEntries.Words"/>
    /// folds them): in each council, one range read of the name rows (keys only) for each of its longest
    /// <see cref="WorkEntries.MaxWords"/> words, the journeys every word found (the first <see cref="NameLimit"/>), then
    /// their lines by a point read each, checked against every word. The caller narrows, orders and cuts them.
    /// </summary>
    public async Task<IReadOnlyList<WorkItem>> FindByNameAsync(IReadOnlyList<string> councils, string query, CancellationToken cancellationToken)
    {
        var words = WorkEntries.Words(query).OrderByDescending(w => w.Length).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        var found = await Task.WhenAll(councils.Select(async council =>
        {
            var reads = await Task.WhenAll(words.Take(WorkEntries.MaxWords).Select(word => NamedAsync(council, word, cancellationToken)));
            // A word with more journeys than one read takes narrows nothing; the lines are checked against every word below.
            var complete = reads.Where(r => r.Complete).Select(r => r.Journeys.ToHashSet(StringComparer.Ordinal)).ToList();
            return reads[0].Journeys.Where(id => complete.All(c => c.Contains(id))).Select(id => (council, id));
        }));
        var lines = await LinesAsync(found.SelectMany(f => f), NameLimit * councils.Count, cancellationToken);
        return [.. lines.Where(i => words.All(w => WorkEntries.Words($"{i.FirstName} {i.LastName}").Any(n => n.StartsWith(w, StringComparison.Ordinal))))];
    }

    /// <summary>The journeys of a council with a word of their name starting with <paramref name="word"/>: the first <see cref="NameLimit"/>, in order, and whether that is all.</summary>
    private async Task<(List<string> Journeys, bool Complete)> NamedAsync(string council, string word, CancellationToken cancellationToken)
    {
        var from = WorkEntry.Prefix(WorkKind.Name) + word;
        var until = from[..^1] + (char)(from[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {council} and RowKey ge {from} and RowKey lt {until}");
        var journeys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal); // a journey has a row for each word, and two may start alike
        await foreach (var page in storage.WorklistOf(council).QueryAsync<TableEntity>(filter, maxPerPage: NameLimit + 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
        {
            journeys.AddRange(page.Values.Select(r => WorkEntry.FromKey(WorkKind.Name, r.RowKey).JourneyId).Where(seen.Add));
            if (journeys.Count > NameLimit)
            {
                return ([.. journeys.Take(NameLimit)], false);
            }

            if (page.ContinuationToken is null)
            {
                break;
            }
        }

        return (journeys, true);
    }

    /// <summary>The OData filter a worklist filter adds to a range read of one kind (the stage, the allocation, the clock).</summary>
    private static List<string> Narrowing(WorkKind kind, WorkFilter filter, string me)
    {
        var filters = new List<string>();
        if (filter.Stage is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Stage eq {filter.Stage}"));
        }

        if (filter.Allocated is not null)
        {
            var to = filter.Allocated switch
            {
                WorkFilter.Me => me.ToLowerInvariant(),
                WorkFilter.Nobody => "",
                _ => filter.Allocated.ToLowerInvariant(),
            };
            filters.Add(TableClient.CreateQueryFilter($"AllocatedTo eq {to}"));
        }

        if (filter.Clock is not null)
        {
            filters.Add(kind == WorkKind.Clock ? TableClient.CreateQueryFilter($"Clock eq {filter.Clock}") : $"Runs{filter.Clock} eq true");
        }

        return filters;
    }

    /// <summary>
    /// One council's rows of a kind from <paramref name="from"/> (inclusive) or after <paramref name="after"/>, before
    /// <paramref name="until"/>, narrowed by <paramref name="filters"/>: at most <paramref name="limit"/> + 1 (so the caller
    /// knows there are more), following at most <see cref="MaxPages"/> pages.
    /// </summary>
    private async Task<WorkSlice> ReadRangeAsync(
        string council, WorkKind kind, string? from, string? after, string until, IReadOnlyList<string> filters, int limit, CancellationToken cancellationToken,
        int maxPages = MaxPages)
    {
        var filter = string.Join(" and ", new[]
        {
            TableClient.CreateQueryFilter($"PartitionKey eq {council}"),
            after is not null ? TableClient.CreateQueryFilter($"RowKey gt {after}") : TableClient.CreateQueryFilter($"RowKey ge {from}"),
            TableClient.CreateQueryFilter($"RowKey lt {until}"),
        }.Concat(filters));
        var lines = new List<WorkLine>();
        var pages = 0;
        await foreach (var page in storage.WorklistOf(council).QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), cancellationToken: cancellationToken).AsPages())
        {
            lines.AddRange(page.Values.Select(r => LineFrom(kind, r)));
            if (lines.Count > limit || ++pages >= maxPages)
            {
                return new WorkSlice([.. lines.Take(limit)], lines.Count > limit || page.ContinuationToken is not null);
            }
        }

        return new WorkSlice(lines, false);
    }

    private static WorkSlice Merge(IEnumerable<WorkSlice> reads, int limit)
    {
        var all = reads.ToList();
        var lines = all.SelectMany(r => r.Lines).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        return new WorkSlice([.. lines.Take(limit)], lines.Count > limit || all.Any(r => r.More));
    }

    /// <summary>A row of a section: its line, and the entry that placed it (its time, journey and clock read from its key).</summary>
    private static WorkLine LineFrom(WorkKind kind, TableEntity row)
    {
        var entry = WorkEntry.FromKey(kind, row.RowKey);
        var checks = row.GetString("Checks") is { } json ? JsonSerializer.Deserialize<List<WorkCheck>>(json, Json) : null;
        return new WorkLine(ItemFrom(row, entry.JourneyId), entry with { Checks = checks }, row.RowKey);
    }

    /// <summary>A row's line, with the journey and council its keys hold (a line is stored without them).</summary>
    private static WorkItem ItemFrom(TableEntity row, string journeyId) =>
        JsonSerializer.Deserialize<WorkItem>(row.GetString("Line"), Json)! with { JourneyId = journeyId, Council = row.PartitionKey };

    /// <summary>
    /// Puts the journey's rows in the council's partition as its line says (none when <paramref name="line"/> is null):
    /// reads its own row, then one batch puts every row it has now, deletes the rows it no longer has and rewrites (or
    /// deletes) its own row under that row's ETag; a batch that lost a race to another change is read and done again.
    /// </summary>
    private async Task SetAsync(string council, string journeyId, WorkItem? line, CancellationToken cancellationToken)
    {
        var ownKey = WorkEntry.Prefix(WorkKind.Journey) + journeyId;
        // The journey and the council are in every row's keys, so its line leaves them out.
        var lineJson = line is null ? null : JsonSerializer.Serialize(line with { JourneyId = null!, Council = null! }, Json);
        var entries = line is null ? [] : WorkEntries.Of(line);
        var keys = entries.Select(e => e.Key).ToList();
        var table = storage.WorklistOf(council);
        var deleteApart = false;
        for (var attempt = 0; ; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(council, ownKey, cancellationToken: cancellationToken);
            var own = found.HasValue ? found.Value : null;
            var recorded = own?.GetString("Keys") is { } held ? JsonSerializer.Deserialize<List<string>>(held, Json)! : [];
            if (own is null ? line is null : lineJson == own.GetString("Line") && recorded.ToHashSet(StringComparer.Ordinal).SetEquals(keys))
            {
                return; // as it should be already
            }

            var gone = recorded.Except(keys, StringComparer.Ordinal).ToList();
            if (deleteApart)
            {
                // A row the own row names is missing (a restore taken while writes went on): delete each on its own,
                // a missing one being as good as deleted, so the journey's changes are never blocked.
                foreach (var key in gone)
                {
                    await table.DeleteEntityAsync(council, key, ETag.All, cancellationToken);
                }

                gone.Clear();
            }

            var actions = gone.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(council, k), ETag.All)).ToList();
            actions.AddRange(entries.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, RowOf(council, line!, lineJson!, e))));
            if (line is null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(council, ownKey), own!.ETag));
            }
            else
            {
                var row = new TableEntity(council, ownKey) { ["Line"] = lineJson, ["Keys"] = JsonSerializer.Serialize(keys, Json) };
                actions.Add(own is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, own.ETag));
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when ((e.IsLostRace() || e.IsNotFound()) && attempt < 20)
            {
                deleteApart |= e.IsNotFound();
                // Another change to the journey's rows came first: read its own row again, at once the first times, then with back-off.
                if (attempt >= 2)
                {
                    await Task.Delay(retry.Value.Backoff(Math.Min(attempt - 2, 5)), cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// A row of a section: the line and the columns its reads narrow on (its time and journey are in its key). A name row
    /// is its key alone: a search reads the keys, then the lines of the journeys found from their own rows.
    /// </summary>
    private static TableEntity RowOf(string council, WorkItem line, string lineJson, WorkEntry entry)
    {
        if (entry.Kind == WorkKind.Name)
        {
            return new TableEntity(council, entry.Key);
        }

        var next = line.Clocks.Count == 0 ? FarFuture : line.Clocks.Min(c => c.DueAt);
        var row = new TableEntity(council, entry.Key)
        {
            ["Line"] = lineJson,
            ["Stage"] = line.Stage,
            ["AllocatedTo"] = line.AllocatedTo?.ToLowerInvariant() ?? "",
            ["FirstDue"] = next,
            ["Clock"] = entry.Clock,
            ["Next"] = entry.Next ? true : null,
            ["Checks"] = entry.Checks is { } checks ? JsonSerializer.Serialize(checks, Json) : null,
            // A stall row says whether the team has been told of it, so the stall watcher reads only the untold.
            ["Told"] = entry.Kind == WorkKind.Stall ? line.StallTold : null,
        };
        foreach (var clock in line.Clocks)
        {
            row[$"Runs{clock.Clock}"] = true;
        }

        return row;
    }
}
