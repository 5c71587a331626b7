using FosteringWorkflows.Storage;
using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Deadlines;

/// <summary>
/// The loops that make clocks fire on their own. The punctual one: each instance sleeps until the earliest timer it
/// armed itself and wakes that journey at once (no storage call while it waits). The safety net, for timers armed by
/// an instance that died or restarted: sweep the timer index onto the work queue (leaving each timer to its owner for the
/// first <see cref="TimerSweepOptions.OwnerGrace"/> past due), and work the queue. Queue polling
/// backs off to the configured maximum while there is nothing to do, and is woken at once when this instance's sweep
/// hands work on, so an idle service makes a handful of storage calls a minute. Not started in simulated-clock mode,
/// where time moves only when told to and the advance endpoint drives the sweep and the queue.
/// </summary>
public sealed partial class DurableTimersService(
    TimerSweeper sweeper,
    JourneyWork queue,
    TimerIndex timers,
    LocalTimers local,
    TimeProvider time,
    ServiceReadiness readiness,
    IOptions<QueueOptions> queueOptions,
    IOptions<TimerSweepOptions> sweepOptions,
    IOptions<ClockOptions> clockOptions,
    ILogger<DurableTimersService> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    // The longest a local-timer wait lasts before looking again (SemaphoreSlim waits are capped in any case).
    private static readonly TimeSpan LongestLocalWait = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _workHandedOn = new(0, 1);

    // Wakes of this instance's own due timers in flight at once (each holds a slot until its journey is done).
    private readonly SemaphoreSlim _waking = new(sweepOptions.Value.WakeSlots);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (clockOptions.Value.Mode == ClockMode.Simulated)
        {
            return;
        }

        local.Enable();
        await readiness.WaitUntilReadyAsync(stoppingToken);
        await Task.WhenAll(LocalLoopAsync(stoppingToken), SweepLoopAsync(stoppingToken), QueueLoopAsync(stoppingToken));

        // Wakes still in flight end with the stop (their timer rows stay, for the sweep); each gives its slot back.
        for (var slot = 0; slot < sweepOptions.Value.WakeSlots; slot++)
        {
            await _waking.WaitAsync(CancellationToken.None);
        }
    }

    private Task LocalLoopAsync(CancellationToken stoppingToken)
    {
        TimeSpan? wait = null;
        return LoopAsync("local timers", async token =>
        {
            var (due, next) = local.TakeDue(time.GetUtcNow(), sweepOptions.Value.WakeSlots * 8);
            wait = next is { } at ? at - time.GetUtcNow() : LongestLocalWait;
            return due.Count == 0 ? 0 : await queue.StartWakingAsync(due, timers, _waking, token);
        }, done => done > 0 ? null : Clamp(wait ?? LongestLocalWait), stoppingToken, local.WaitAsync);
    }

    private Task SweepLoopAsync(CancellationToken stoppingToken) => LoopAsync("timer sweep", async token =>
    {
        var handed = await sweeper.SweepAsync(token);
        if (handed > 0 && _workHandedOn.CurrentCount == 0)
        {
            try
            {
                _workHandedOn.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }

        return handed;
    }, handed => handed < sweepOptions.Value.PageSize ? sweepOptions.Value.SweepInterval : null, stoppingToken);

    public override void Dispose()
    {
        _workHandedOn.Dispose();
        _waking.Dispose();
        base.Dispose();
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestLocalWait ? LongestLocalWait : wait;

    private Task QueueLoopAsync(CancellationToken stoppingToken)
    {
        // Back off while the queue is empty; straight back to it while there is work.
        var delay = MinPollingInterval;
        return LoopAsync("work queue", queue.ProcessBatchAsync, received =>
        {
            if (received > 0)
            {
                delay = MinPollingInterval;
                return null;
            }

            var pause = delay;
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, queueOptions.Value.MaxPollingInterval.Ticks));
            return pause;
        }, stoppingToken, async (pause, token) =>
        {
            if (await _workHandedOn.WaitAsync(pause, token))
            {
                delay = MinPollingInterval; // this instance's sweep just handed work on: poll now
            }
        });
    }

    /// <summary>
    /// Runs a step for ever, pausing as told after each (by default a plain delay; a loop that can be woken early
    /// passes its own wait); storage failures are logged and the loop goes on.
    /// </summary>
    private async Task LoopAsync(
        string name, Func<CancellationToken, Task<int>> step, Func<int, TimeSpan?> pauseAfter, CancellationToken stoppingToken,
        Func<TimeSpan, CancellationToken, Task>? wait = null)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var done = 0;
            try
            {
                done = await step(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (storage unreachable, a journey busy past its retries), the loop goes on: a loop that
                // ended here would leave this instance without timers or queue work while it still answers requests.
                Log.LoopFailed(logger, name, StorageErrors.StatusOf(e), e.Message);
                done = 0;
            }

            if (pauseAfter(done) is { } pause)
            {
                // Polling intervals are real time, whatever clock the journeys run on.
                await (wait ?? Task.Delay)(pause, stoppingToken);
            }
        }
    }
}
