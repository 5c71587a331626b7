using System.Text.Json;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Policies;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// Runs every change to a journey the same way: load, bring the clocks up to now, apply the change, arm timers
/// ahead of the write, commit state + history + clocks + messages in one ETag-guarded transaction (re-running
/// the whole step on a conflict), then hand the messages to the provider.
/// </summary>
public sealed partial class JourneyEngine(
    JourneyStore store,
    TimerIndex timers,
    OutboxDispatcher dispatcher,
    PolicyBook policies,
    MessageComposer composer,
    BuddyPool buddies,
    TimeProvider time,
    IOptions<RetryOptions> retry,
    IOptions<EngineOptions> options,
    EngineMetrics metrics,
    IRecordKeeper records,
    IFigureKeeper figures,
    IWorkIndex work,
    ILogger<JourneyEngine> logger) : IJourneyWaker
{
    public async Task<Journey> StartAsync(NewJourney request, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (journey, policy) = Compose(request, actor, now);

        if (request.Id is not null && await records.WasPurgedAsync(request.Id, cancellationToken))
        {
            throw new JourneyPurgedException(request.Id);
        }

        // The people index names the journey before it exists (as a timer row does): a crash in between leaves an entry
        // that finds nothing, never a journey a subject access request cannot find. It is written with the timers and the
        // figures, all ahead of the commit.
        // A journey with this id already existing fails the whole batch (JourneyExistsException): nothing of this one is written.
        var facts = JourneyFacts.Between(null, journey, policy);
        TimerRow? marker;
        try
        {
            marker = await CommitAsync(journey, isNew: true, now, facts, policy, null, cancellationToken, records.IndexAsync(journey, cancellationToken));
        }
        catch (JourneyExistsException)
        {
            // A second delivery of the same enquiry lost the race: what it folded that the first does not hold is taken back.
            if (await store.LoadAsync(journey.Id, LoadDepth.State, cancellationToken: cancellationToken) is { } first)
            {
                var firstPolicy = await policies.ByVersionAsync(first.Journey.PolicyVersion, cancellationToken);
                var held = JourneyFacts.Of(first.Journey, firstPolicy);
                await TakeBackAsync(journey.Id, [.. facts.Select(f => (journey.LocalAuthority, f))], first.Journey.LocalAuthority, held, cancellationToken);
                // Its work-index rows were written ahead too: put them back as the first journey stands (and out of
                // another council's list, had this delivery named one).
                await work.WriteAsync(first.Journey, firstPolicy, journey.LocalAuthority, cancellationToken);
            }

            throw;
        }

        Log.JourneyStarted(logger, journey.Id, journey.LocalAuthority, journey.PolicyVersion);
        await DispatchAsync(journey, marker, rethrow: false, cancellationToken);
        return journey;
    }

    /// <summary>
    /// The new journey as it stands once received: history and milestone, flags, the enquiry clock (from the enquirer's
    /// preferred contact time if that is later), the acknowledgement, a hub's routing, and its clocks brought up to now.
    /// </summary>
    private (Journey Journey, CouncilPolicy Policy) Compose(NewJourney request, string actor, DateTimeOffset now)
    {
        var policy = policies.Current(request.LocalAuthority);
        var journey = new Journey
        {
            Id = request.Id ?? Guid.CreateVersion7(now).ToString("N"),
            LocalAuthority = request.LocalAuthority,
            PolicyVersion = policy.Policy.Version,
            Applicant = request.Applicant,
            Consent = request.Consent,
            Channel = request.Channel,
            ReceivedAt = request.ReceivedAt,
            CreatedAt = now,
            UpdatedAt = now,
            Hub = request.Hub,
            Flags = [.. request.Flags],
            LastEventAt = request.ReceivedAt,
            RequestHash = request.RequestHash,
        };
        var context = Context(policy, journey.Id, now, actor);
        context.Record(journey, "EnquiryReceived", request.ReceivedAt, JsonSerializer.SerializeToElement(new { channel = request.Channel }));
        context.Milestone(journey, "EnquiryReceived", request.ReceivedAt);
        foreach (var flag in request.Flags)
        {
            context.Record(journey, flag, request.ReceivedAt, null, "system");
        }

        // The clock starts when the enquiry arrives, or at the enquirer's preferred contact time if that is later.
        var clockStart = request.ReceivedAt;
        if (TimeOnly.TryParse(request.Applicant.PreferredContactFrom, System.Globalization.CultureInfo.InvariantCulture, out var from))
        {
            var preferred = policy.Calendar.AtLocal(policy.Calendar.LocalDate(request.ReceivedAt), from);
            clockStart = preferred > clockStart ? preferred : clockStart;
        }

        context.StartClock(journey, ClockName.EnquiryResponse, clockStart);
        context.SendToApplicant(journey, "acknowledgement", "enquiry-acknowledgement", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["respondBy"] = context.LocalTime(journey.Deadlines[ClockName.EnquiryResponse].DueAt),
        });
        if (request.Hub is { } hub)
        {
            context.RouteTo(journey, request.LocalAuthority, journey.PolicyVersion, request.Buddy, hub.RouteReason);
        }

        context.Tick(journey);
        return (journey, policy);
    }

    /// <summary>
    /// Applies a staff action (an event, a withdrawal) to a journey, re-running it on a concurrent write.
    /// <paramref name="messages"/> names stored messages the change reads (a receipt's), loaded with the journey.
    /// </summary>
    public Task<Journey> ApplyAsync(
        string journeyId, string actor, Action<Journey, WorkflowContext> change, CancellationToken cancellationToken, IReadOnlyCollection<string>? messages = null) =>
        ExecuteAsync(journeyId, actor, change, rethrowDispatch: false, cancellationToken, messages);

    /// <summary>
    /// What a timer or a work message triggers: bring the clocks up to now and send anything still waiting.
    /// Safe to run any number of times.
    /// </summary>
    public async Task WakeAsync(string journeyId, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(journeyId, "system", null, rethrowDispatch: true, cancellationToken);
        }
        catch (JourneyNotFoundException)
        {
            // A timer written ahead of a journey whose creation then failed: nothing to wake.
            Log.WakeForMissingJourney(logger, journeyId);
        }
    }

    private async Task<Journey> ExecuteAsync(
        string journeyId, string actor, Action<Journey, WorkflowContext>? change, bool rethrowDispatch, CancellationToken cancellationToken,
        IReadOnlyCollection<string>? messages = null)
    {
        var settings = retry.Value;
        var folded = new FoldedAhead();
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return await AttemptAsync(journeyId, actor, change, rethrowDispatch, messages, folded, cancellationToken);
                }
                catch (JourneyChangedException) when (attempt < settings.MaxRetryCount)
                {
                    Log.ConcurrentWrite(logger, journeyId, attempt + 1);
                    // Real elapsed time, not the injected clock: a simulated clock never moves by itself.
                    await Task.Delay(settings.Backoff(attempt), cancellationToken);
                }
            }
        }
        catch (Exception e) when (folded.Unconfirmed.Count > 0 && folded.Stored is not null && e is not OperationCanceledException)
        {
            // The change did not happen (refused on its re-run, or never won its race): what it folded is taken back.
            await TakeBackAsync(journeyId, folded.Unconfirmed, folded.StoredCouncil!, folded.Stored, cancellationToken);
            throw;
        }
    }

    /// <summary>
    /// Facts folded ahead of a commit that then lost its race: taken back unless the journey as it stands holds them
    /// (<see cref="Stored"/>, as last read, of <see cref="StoredCouncil"/>).
    /// </summary>
    private sealed class FoldedAhead
    {
        public List<(string Council, Fact Fact)> Unconfirmed { get; } = [];

        public IReadOnlyDictionary<string, Fact>? Stored { get; set; }

        public string? StoredCouncil { get; set; }
    }

    /// <summary>One try: load, tick, change, and commit under the ETag read (throwing <see cref="JourneyChangedException"/> when another wrote first).</summary>
    private async Task<Journey> AttemptAsync(
        string journeyId, string actor, Action<Journey, WorkflowContext>? change, bool rethrowDispatch, IReadOnlyCollection<string>? messages,
        FoldedAhead folded, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(journeyId, LoadDepth.Working, messages, cancellationToken)
            ?? throw new JourneyNotFoundException(journeyId);
        var journey = loaded.Journey;
        var (wasActive, buddy, council) = (journey.Status == JourneyStatus.Active, journey.Buddy, journey.LocalAuthority);
        var now = time.GetUtcNow();
        if (change is null && journey.RetainUntil <= now)
        {
            // The council's retention period is over: the journey's records go, its anonymised record stays.
            await records.PurgeAsync(journey, cancellationToken);
            return journey;
        }

        var policy = await policies.ByVersionAsync(journey.PolicyVersion, cancellationToken);
        var before = JourneyFacts.Of(journey, policy);
        (folded.Stored, folded.StoredCouncil) = (before, council);
        var context = Context(policy, journeyId, now, actor);
        context.Tick(journey);
        context.GivenUp(journey);
        change?.Invoke(journey, context);

        if (!journey.Pending.Any && !NeedsTimer(journey, now))
        {
            await TakeBackAsync(journeyId, folded.Unconfirmed, council, before, cancellationToken);
            // Nothing to commit, but an earlier try that lost its race may have written the work index for a state that
            // never was: it is put back as the journey stands (one read when it already is).
            await work.WriteAsync(journey, policy, null, cancellationToken);
            await DispatchAsync(journey, null, rethrowDispatch, cancellationToken);
            return journey;
        }

        // Facts for the journey's owner; a journey routed to another owner takes its figures with it.
        var moved = journey.LocalAuthority != council ? JourneyFacts.Moved(before, journey, policy) : default;
        var facts = moved.In ?? JourneyFacts.Between(before, journey, policy);
        TimerRow? marker;
        try
        {
            marker = moved.Out is null
                ? await CommitAsync(journey, isNew: false, now, facts, policy, council, cancellationToken)
                : await CommitAsync(journey, isNew: false, now, facts, policy, council, cancellationToken, figures.FoldAsync(council, journey.Id, moved.Out, cancellationToken));
        }
        catch (JourneyChangedException)
        {
            folded.Unconfirmed.AddRange(facts.Select(f => (journey.LocalAuthority, f)));
            folded.Unconfirmed.AddRange((moved.Out ?? []).Select(f => (council, f)));
            throw;
        }

        if (folded.Unconfirmed.Count > 0)
        {
            var kept = JourneyFacts.Of(journey, policy).Keys.Concat(facts.Select(f => f.Key)).Select(k => (journey.LocalAuthority, k))
                .Concat((moved.Out ?? []).Select(f => (council, f.Key))).ToHashSet();
            await TakeBackAsync(journeyId, [.. folded.Unconfirmed.Where(u => !kept.Contains((u.Council, u.Fact.Key)))], cancellationToken);
            folded.Unconfirmed.Clear();
        }

        if (wasActive && journey.Status != JourneyStatus.Active && buddy is not null)
        {
            // The journey has ended: its buddy has room for someone else.
            await buddies.ReleaseAsync(journey.LocalAuthority, buddy.Id, journey.Id, cancellationToken);
        }

        await DispatchAsync(journey, marker, rethrowDispatch, cancellationToken);
        return journey;
    }

    /// <summary>Takes back folded facts the journey as stored does not hold (<paramref name="held"/>, its owner's).</summary>
    private Task TakeBackAsync(
        string journeyId, List<(string Council, Fact Fact)> unconfirmed, string council, IReadOnlyDictionary<string, Fact> held, CancellationToken cancellationToken) =>
        unconfirmed.Count == 0 ? Task.CompletedTask
            : TakeBackAsync(journeyId, [.. unconfirmed.Where(u => u.Council != council || !held.ContainsKey(u.Fact.Key))], cancellationToken);

    private async Task TakeBackAsync(string journeyId, List<(string Council, Fact Fact)> phantoms, CancellationToken cancellationToken)
    {
        foreach (var owner in phantoms.GroupBy(p => p.Council))
        {
            await figures.TakeBackAsync(owner.Key, journeyId, [.. owner.Select(p => p.Fact)], cancellationToken);
        }
    }

    /// <summary>
    /// Arms the journey's next clock timer (only when it moves earlier or the armed one has passed) and, when the
    /// change carries messages, a dispatch safety-net timer, and folds the change's facts into the reports' figures (a
    /// re-run folds none twice): all before the commit, side by side, as none depends on another. Then commits.
    /// </summary>
    /// <summary>
    /// Writes ahead of the commit what must never lag it (the journey's timers, its figures, its worklist line, and
    /// <paramref name="alsoAhead"/>), then commits. <paramref name="storedCouncil"/> is the owner as loaded (a routed journey's
    /// line leaves that council's worklist).
    /// </summary>
    private async Task<TimerRow?> CommitAsync(
        Journey journey, bool isNew, DateTimeOffset now, IReadOnlyList<Fact> facts, CouncilPolicy policy, string? storedCouncil,
        CancellationToken cancellationToken, Task? alsoAhead = null)
    {
        var schedule = new List<TimerRow>(2);
        var next = journey.NextTimerPoint(now);
        if (NeedsTimer(journey, now))
        {
            schedule.Add(new TimerRow(next!.Value, journey.Id, TimerKind.Clock));
            journey.WakeAt = next;
        }
        else if (next is null)
        {
            journey.WakeAt = null;
        }

        TimerRow? marker = null;
        if (journey.Pending.Outbox.Count > 0)
        {
            marker = new TimerRow(now + options.Value.DispatchGrace, journey.Id, TimerKind.Dispatch);
            schedule.Add(marker);
        }

        await Task.WhenAll(
            timers.ScheduleAsync(schedule, cancellationToken),
            facts.Count > 0 ? figures.FoldAsync(journey.LocalAuthority, journey.Id, facts, cancellationToken) : Task.CompletedTask,
            work.WriteAsync(journey, policy, storedCouncil, cancellationToken),
            alsoAhead ?? Task.CompletedTask);
        journey.UpdatedAt = now;
        await store.CommitAsync(journey, isNew, cancellationToken);
        Measure(journey, isNew, now);
        return marker;
    }

    /// <summary>Counts what a commit did, once it is stored (a retried step is counted once, by the commit that won).</summary>
    private void Measure(Journey journey, bool isNew, DateTimeOffset now)
    {
        if (isNew)
        {
            metrics.JourneyOpened(journey.LocalAuthority);
        }

        foreach (var (clock, alert) in journey.Pending.ClockAlerts)
        {
            var deadline = journey.Deadlines[clock];
            var due = alert switch
            {
                ClockAlert.Warning => deadline.WarnAt,
                ClockAlert.Breached => deadline.DueAt,
                _ => deadline.EscalateAt,
            };
            metrics.ClockPointReached(journey.LocalAuthority, alert.Point(), now - due);
            if (alert == ClockAlert.Breached)
            {
                metrics.DeadlineBreached(journey.LocalAuthority, clock.ToString());
            }
        }
    }

    private static bool NeedsTimer(Journey journey, DateTimeOffset now) =>
        journey.NextTimerPoint(now) is { } next && (journey.WakeAt is not { } armed || armed <= now || next < armed);

    /// <summary>
    /// Hands the journey's due messages to their providers. A message given up on is marked <c>Failed</c> on its own
    /// row and stays listed open on the journey's state row; its consequences (history, an email in place of a failed
    /// text, a staff alert) are folded by the next commit of the journey, the one that stops listing it
    /// (<see cref="WorkflowContext.GivenUp"/>), and that commit is made here at once. Should this process die first, the
    /// dispatch timer the dispatcher keeps for it wakes the journey, and the wake makes the same commit.
    /// </summary>
    private async Task DispatchAsync(Journey journey, TimerRow? marker, bool rethrow, CancellationToken cancellationToken)
    {
        if (!journey.Undelivered.Any())
        {
            return;
        }

        try
        {
            var failures = await dispatcher.DispatchAsync([.. journey.Undelivered], marker, cancellationToken);
            if (failures.Count > 0)
            {
                await ExecuteAsync(journey.Id, "system", null, rethrow, cancellationToken);
            }
        }
        catch (Exception e) when (!rethrow && e is not OperationCanceledException)
        {
            // The change is committed and its messages are safe in the outbox: the dispatch timer written with them
            // sends them later. Failing the request now would invite the caller to repeat a change that happened.
            Log.DispatchDeferred(logger, journey.Id, e.GetType().Name);
        }
    }

    private WorkflowContext Context(CouncilPolicy policy, string journeyId, DateTimeOffset now, string actor) =>
        new(policy, composer, now, actor, new Uri(options.Value.PublicBaseUrl!, $"/journeys/{journeyId}"));
}
