using System.Globalization;
using Azure.Data.Tables;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Audit;

/// <summary>
/// The audit of access: every call to the API is recorded after it is answered, one row each, only ever added. A partition
/// is one council's day (<c>{council}|{UTC date}</c>; calls about no council's journey under <c>-</c>), so a period is one
/// range read per council, and a council's days past its audit retention are removed by one range read and their deletes.
/// </summary>
public sealed partial class AccessAudit(
    StorageAccount storage, ServiceReadiness readiness, CouncilDirectory councils, PolicyBook policies, TimeProvider time, EngineMetrics metrics,
    ILogger<AccessAudit> logger) : IDisposable
{
    /// <summary>How many entries this instance holds while storage is away, to write when it returns.</summary>
    public const int MaxHeld = 10_000;

    // Entries of calls answered while storage was away, oldest first: written before the next entry once it is back.
    // An entry whose journey's council could not be read (storage away) is read again when it is written.
    // The entry of a call just answered waits here too, for a moment, with the call it belongs to (Waiter).
    private readonly System.Collections.Concurrent.ConcurrentQueue<(AuditEntry Entry, bool CouncilUnread, Pending? Waiter)> _held = new();

    // Calls answered whose rows are not yet written (or held): a read of the audit waits for those of this instance.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Pending, byte> _pending = new();

    /// <summary>
    /// The longest a read of the audit waits for the calls this instance answered and has not yet written. A call whose
    /// completion never comes (a request cut off mid-answer) is let go after it, so it cannot hold every read after it.
    /// </summary>
    public static readonly TimeSpan PendingWait = TimeSpan.FromSeconds(5);

    /// <summary>How many calls refused for want of a key or session (401, no caller) this instance records a minute.</summary>
    public const int AnonymousRefusalsPerMinute = 60;

    // Anyone can send calls without a key: past the bound they are counted (metrics), not each written as a row.
    private readonly System.Threading.RateLimiting.TokenBucketRateLimiter _anonymous = new(new()
    {
        TokenLimit = AnonymousRefusalsPerMinute,
        TokensPerPeriod = AnonymousRefusalsPerMinute,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    });

    /// <summary>The partition prefix of calls about no council's journey.</summary>
    public const string NoCouncil = "-";

    private const string NoteKey = "FosteringWorkflows.Audit";

    // Calls within one tick (or one instant of the simulated clock) keep the order this instance recorded them in.
    private static long _sequence;

    /// <summary>What an endpoint knows that the route does not: the journey's council, or who a hub's or provider's call speaks for.</summary>
    public static void Note(HttpContext http, string? journeyId = null, string? council = null, string? actor = null)
    {
        var note = http.Items.TryGetValue(NoteKey, out var existing) && existing is AuditNote n ? n : new AuditNote();
        note.JourneyId = journeyId ?? note.JourneyId;
        note.Council = council ?? note.Council;
        note.Actor = actor ?? note.Actor;
        http.Items[NoteKey] = note;
    }

    /// <summary>The journeys a call showed (a list, a subject access export): recorded in each council's audit, by id.</summary>
    public static void NoteShown(HttpContext http, IEnumerable<(string JourneyId, string Council)> journeys)
    {
        Note(http);
        var note = (AuditNote)http.Items[NoteKey]!;
        note.Shown.AddRange(journeys);
    }

    /// <summary>
    /// Records one answered call once its answer has gone (the response completed), so no caller waits for the audit's
    /// write. What the call was (its time and place in the order, caller, route, journey) is taken now, before anything
    /// after this middleware (the exception handler) changes the context; the journey's council is read, if need be, and
    /// the row written afterwards. Until then the entry is pending, and a read of the audit on this instance waits for it:
    /// a call, then a read of the audit, finds the call. A failure to record is logged (with no personal data) and never
    /// changes the answer.
    /// </summary>
    public void RecordWhenSent(HttpContext http, int status)
    {
        var note = http.Items.TryGetValue(NoteKey, out var value) && value is AuditNote n ? n : new AuditNote();
        var user = http.User;
        var caller = user.Identity?.IsAuthenticated == true ? Caller.From(user) : null;
        if (caller is null && note.Actor is null && status == StatusCodes.Status401Unauthorized)
        {
            using var lease = _anonymous.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                metrics.AnonymousRefusalUnrecorded();
                return;
            }
        }

        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        // Only what can be a journey's id is kept from the path: anything else a caller typed there (an email, a formula)
        // is theirs, not a record of access.
        var journeyId = note.JourneyId ?? (http.Request.RouteValues.TryGetValue("id", out var id) && id is string s && IsJourneyId(s) ? s : null);
        var entry = new AuditEntry(
            time.GetUtcNow(),
            caller?.Name ?? note.Actor ?? "anonymous",
            caller?.Role.ToString(),
            http.Request.Method,
            "/" + route.Trim('/'),
            journeyId,
            note.Council,
            http.Connection.RemoteIpAddress?.ToString(),
            status)
        {
            Sequence = Interlocked.Increment(ref _sequence),
        };
        // A call that showed several journeys is recorded once in each council's audit, naming that council's journeys.
        List<AuditEntry> entries = note.Shown.Count == 0 ? [entry] : [.. note.Shown.GroupBy(s => s.Council, StringComparer.Ordinal).Select(g => entry with
        {
            Council = g.Key,
            JourneyId = g.Count() == 1 ? g.First().JourneyId : entry.JourneyId,
            Shown = [.. g.Select(s => s.JourneyId).Distinct(StringComparer.Ordinal)],
        })];
        var waiter = new Pending(entries.Count);
        http.Response.OnCompleted(async () =>
        {
            try
            {
                await RecordAsync(entries, waiter, CancellationToken.None);
            }
            catch
            {
                waiter.Release();
                throw;
            }
        });
        _pending.TryAdd(waiter, 0);
        waiter.Done.ContinueWith(done => _pending.TryRemove(waiter, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RecordAsync(List<AuditEntry> entries, Pending waiter, CancellationToken cancellationToken)
    {
        var councilUnread = false;
        if (entries is [{ Council: null, JourneyId: { } journeyId } only])
        {
            // A call refused before the journey was read (403, a bad body) is still about that journey's council.
            (var council, councilUnread) = await CouncilOfAsync(journeyId, cancellationToken);
            entries = [only with { Council = council }];
        }

        foreach (var row in entries)
        {
            Hold((row, councilUnread, waiter));
        }

        await WriteHeldAsync(cancellationToken);
    }

    public void Dispose() => _anonymous.Dispose();

    /// <summary>How many entries wait for storage to come back.</summary>
    public int Held => _held.Count;

    private void Hold((AuditEntry Entry, bool CouncilUnread, Pending? Waiter) entry)
    {
        _held.Enqueue(entry);
        var dropped = 0;
        while (_held.Count > MaxHeld && _held.TryDequeue(out var oldest))
        {
            oldest.Waiter?.RowDone();
            dropped++;
        }

        if (dropped > 0)
        {
            metrics.AuditDropped(dropped);
        }
    }

    /// <summary>
    /// Writes what is held, oldest first; a failure leaves the rest held (a call answered while storage is away is
    /// recorded once it is back) and is logged without personal data.
    /// </summary>
    private async Task WriteHeldAsync(CancellationToken cancellationToken)
    {
        // Each entry is taken by one writer (calls write in parallel, never the same entry twice); one that cannot be
        // written goes back to wait, and this call stops trying. Either way its call is told the row's try is over.
        while (_held.TryDequeue(out var next))
        {
            try
            {
                // A call refused before any storage was touched (401, 403) is recorded too, so the table must exist.
                await readiness.EnsureReadyAsync();
                if (next is { CouncilUnread: true, Entry.JourneyId: { } journeyId })
                {
                    // Held while storage was away, when the journey's council could not be read: it can be now.
                    var (council, unread) = await CouncilOfAsync(journeyId, cancellationToken);
                    next = (next.Entry with { Council = council }, unread, next.Waiter);
                }

                await storage.Audit.AddEntityAsync(ToRow(next.Entry), cancellationToken);
            }
            catch (Azure.RequestFailedException e) when (e.IsAlreadyExists())
            {
                // Written before (its answer was lost): once is enough.
            }
            catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
            {
                Hold(next with { Waiter = null });
                Log.NotRecorded(logger, StorageErrors.StatusOf(e), _held.Count);
                return;
            }
            finally
            {
                next.Waiter?.RowDone();
            }
        }
    }

    /// <summary>A call answered and not yet recorded: done once each of its rows has been written, or held, or dropped.</summary>
    private sealed class Pending(int rows)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _left = rows;

        public Task Done => _done.Task;

        public void RowDone()
        {
            if (Interlocked.Decrement(ref _left) == 0)
            {
                _done.TrySetResult();
            }
        }

        /// <summary>Recording failed outright (not a storage error): nothing more will come of it.</summary>
        public void Release() => _done.TrySetResult();
    }

    /// <summary>
    /// The entries of the days from <paramref name="from"/> to <paramref name="to"/> (UTC dates) about the given councils'
    /// journeys, and about no council's when <paramref name="withoutCouncil"/>; oldest first.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(
        DateOnly from, DateOnly to, IEnumerable<string> councilIds, bool withoutCouncil, CancellationToken cancellationToken)
    {
        var waiting = _pending.Keys.ToList();
        try
        {
            await Task.WhenAll(waiting.Select(p => p.Done)).WaitAsync(PendingWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            var lost = waiting.Where(p => !p.Done.IsCompleted).ToList();
            lost.ForEach(p => _pending.TryRemove(p, out _));
            Log.PendingLetGo(logger, lost.Count, (int)PendingWait.TotalSeconds);
        }

        var entries = new List<AuditEntry>();
        foreach (var council in withoutCouncil ? councilIds.Append(NoCouncil) : councilIds)
        {
            string first = Partition(council, from), last = Partition(council, to);
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey le {last}");
            await foreach (var row in storage.Audit.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                entries.Add(FromRow(row));
            }
        }

        return [.. entries.OrderBy(e => e.At).ThenBy(e => e.Sequence)];
    }

    /// <summary>
    /// Deletes every council's audit days that lie wholly before its retention period (<c>Policy:Retention:Audit</c>, from
    /// now back); calls about no council's journey are kept as long as the longest. Idempotent: a second run finds nothing.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoffs = councils.Ids.ToDictionary(id => id, id =>
        {
            var policy = policies.Current(id);
            return DateOnly.FromDateTime(policy.Policy.Keep.Audit.Before(now, policy.Calendar).UtcDateTime);
        }, StringComparer.Ordinal);
        cutoffs[NoCouncil] = cutoffs.Count == 0 ? DateOnly.FromDateTime(now.UtcDateTime) : cutoffs.Values.Min();

        var deleted = 0;
        await readiness.EnsureReadyAsync();
        foreach (var (council, cutoff) in cutoffs)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {council + "|"} and PartitionKey lt {Partition(council, cutoff)}");
            await foreach (var row in storage.Audit.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                await storage.Audit.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>A journey id as the service makes them: 32 lower-case hexadecimal digits.</summary>
    public static bool IsJourneyId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigitLower);

    /// <summary>The council of the journey an id names (null for none), and whether storage failed to say.</summary>
    private async Task<(string? Council, bool Unread)> CouncilOfAsync(string journeyId, CancellationToken cancellationToken)
    {
        try
        {
            // The journey's state row is keyed by its id in both keys (see JourneyStore); only its council is read.
            var row = await storage.JourneysOf(journeyId).GetEntityIfExistsAsync<TableEntity>(journeyId, journeyId, select: ["LocalAuthority"], cancellationToken: cancellationToken);
            return (row.HasValue ? row.Value!.GetString("LocalAuthority") : null, false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            // Storage away (the SDK's retries give up with an AggregateException): the entry is held, and its council
            // read again when it is written.
            return (null, true);
        }
    }

    private static string Partition(string council, DateOnly day) => $"{council}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private static TableEntity ToRow(AuditEntry e) => new(
        Partition(e.Council ?? NoCouncil, DateOnly.FromDateTime(e.At.UtcDateTime)),
        $"{e.At.UtcTicks:D19}-{e.Sequence:D12}-{Guid.NewGuid():N}")
    {
        ["At"] = e.At,
        ["Actor"] = e.Actor,
        ["Role"] = e.Role,
        ["Method"] = e.Method,
        ["Route"] = e.Route,
        ["JourneyId"] = e.JourneyId,
        ["Council"] = e.Council,
        ["Address"] = e.Address,
        ["Status"] = e.Status,
        ["Shown"] = e.Shown.Count == 0 ? null : string.Join(',', e.Shown),
    };

    private static AuditEntry FromRow(TableEntity row) => new AuditEntry(
        row.GetDateTimeOffset("At")!.Value,
        row.GetString("Actor"),
        row.GetString("Role"),
        row.GetString("Method"),
        row.GetString("Route"),
        row.GetString("JourneyId"),
        row.GetString("Council"),
        row.GetString("Address"),
        row.GetInt32("Status") ?? 0)
    {
        Sequence = long.Parse(row.RowKey.Split('-')[1], CultureInfo.InvariantCulture),
        Shown = row.GetString("Shown")?.Split(',') ?? [],
    };

    private sealed class AuditNote
    {
        public string? JourneyId { get; set; }

        public string? Council { get; set; }

        public string? Actor { get; set; }

        public List<(string JourneyId, string Council)> Shown { get; } = [];
    }
}
