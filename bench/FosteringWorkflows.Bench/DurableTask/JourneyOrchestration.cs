using DurableTask.Core;

/// <summary>
/// The same journey written the way Durable Functions users write it: one orchestration per journey, an event loop
/// over external events (buffered in <see cref="OnEvent"/> until the loop asks for the next), each stage's clock a
/// durable timer raced against the events that stop it (cancelled when they win), and every message an activity.
/// </summary>
internal sealed class JourneyOrchestration(DurableTaskProbe probe) : TaskOrchestration<bool, JourneyInput>
{
    public const string Name = "Journey";

    /// <summary>Durable timers on Azure Storage are queue messages, whose visibility delay stops at 7 days; like the SDKs, longer waits are chained 3-day timers.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(3);

    private readonly Queue<(string Name, string Data)> _arrived = new();
    private readonly Dictionary<string, CancellationTokenSource> _clocks = new(StringComparer.Ordinal);
    private TaskCompletionSource<(string Name, string Data)>? _waiting;

    public override async Task<bool> RunTask(OrchestrationContext context, JourneyInput input)
    {
        StartClock(context, "EnquiryResponse", input.EnquiryClock);
        if (input.Acknowledge)
        {
            await SendAsync(context, "acknowledgement");
        }

        Done(context);

        // A journey stays open for months; this loop ends only when the process does.
        while (true)
        {
            var (name, _) = await NextEventAsync();
            switch (name)
            {
                case "ContactMade": StopClock("EnquiryResponse"); break;
                case "ScreeningCompleted": StartClock(context, "InitialVisit", TimeSpan.FromDays(7)); break;
                case "InitialVisitBooked": await SendAsync(context, "visit-booked"); break;
                case "InitialVisitCompleted": StopClock("InitialVisit"); break;
                case "ProgressDecided": await SendAsync(context, "progress-decision"); break;
                case "ApplicationReceived": StartClock(context, "Stage1", TimeSpan.FromDays(56)); break;
                case "PanelDateSet": await SendAsync(context, "panel-date"); break;
                case "Stage1Completed":
                    StopClock("Stage1");
                    StartClock(context, "FormF", TimeSpan.FromDays(112));
                    break;
                default: break;
            }

            Done(context);
        }
    }

    public override void OnEvent(OrchestrationContext context, string name, string input)
    {
        if (_waiting is { } waiting)
        {
            _waiting = null;
            waiting.SetResult((name, input));
        }
        else
        {
            _arrived.Enqueue((name, input));
        }
    }

    /// <summary>Tells the bench a step is done: the event applied and its message, if any, sent (as the engine's answer does).</summary>
    private void Done(OrchestrationContext context)
    {
        if (!context.IsReplaying)
        {
            probe.Seen(context.OrchestrationInstance.InstanceId);
        }
    }

    private Task<(string Name, string Data)> NextEventAsync()
    {
        if (_arrived.TryDequeue(out var next))
        {
            return Task.FromResult(next);
        }

        _waiting = new TaskCompletionSource<(string, string)>();
        return _waiting.Task;
    }

    private void StartClock(OrchestrationContext context, string clock, TimeSpan limit)
    {
        StopClock(clock);
        var cancel = new CancellationTokenSource();
        _clocks[clock] = cancel;
        var started = context.CurrentUtcDateTime;
        _ = ClockAsync(context, clock, started + (limit * 0.75), started + limit, cancel.Token);
    }

    private void StopClock(string clock)
    {
        if (_clocks.Remove(clock, out var cancel))
        {
            cancel.Cancel();
        }
    }

    /// <summary>The SLA pattern: a warning timer, then the deadline's; each alerts the team when it wins the race.</summary>
    private async Task ClockAsync(OrchestrationContext context, string clock, DateTime warnAt, DateTime dueAt, CancellationToken stopped)
    {
        try
        {
            foreach (var (kind, at) in new[] { ("warn", warnAt), ("breach", dueAt) })
            {
                while (context.CurrentUtcDateTime < at)
                {
                    var step = at - context.CurrentUtcDateTime > LongestTimer ? context.CurrentUtcDateTime + LongestTimer : at;
                    await context.CreateTimer(step, true, stopped);
                }

                if (!context.IsReplaying)
                {
                    probe.Fired(at);
                }

                await SendAsync(context, $"{kind}-{clock}");
            }
        }
        catch (TaskCanceledException)
        {
            // The clock stopped: the event won the race.
        }
    }

    private static Task<bool> SendAsync(OrchestrationContext context, string purpose) =>
        context.ScheduleTask<bool>(SendMessageActivity.Name, string.Empty, purpose);
}
