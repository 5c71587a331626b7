using FosteringWorkflows.Audit;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Reports;

namespace FosteringWorkflows.Simulation;

/// <summary>
/// Moves the simulated clock forward, stopping at every timer on the way, so that each warning, breach, nudge and
/// message happens at its own instant (a warning in week 6 is stamped week 6, not the week the jump ended).
/// </summary>
public sealed class TimeTravel(SimulatedTimeProvider clock, SimulatedClock keeper, TimerIndex timers, TimerSweeper sweeper, JourneyWork queue, AccessAudit audit, MonthCloser months) : IDisposable
{
    // Generous: each stop is one timer instant; a jump of years over many journeys stays well inside it.
    private const int MaxStops = 1_000_000;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task AdvanceToAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await RunDueWorkAsync(cancellationToken);
            for (var stops = 0; stops < MaxStops; stops++)
            {
                var next = await timers.EarliestAsync(cancellationToken);
                if (next is null || next > target)
                {
                    break;
                }

                if (next > clock.GetUtcNow())
                {
                    clock.MoveTo(next.Value);
                }

                await RunDueWorkAsync(cancellationToken);
            }

            if (target > clock.GetUtcNow())
            {
                clock.MoveTo(target);
            }

            await RunDueWorkAsync(cancellationToken);
            await audit.PurgeExpiredAsync(cancellationToken);
            await months.CloseDueAsync(cancellationToken);
            await keeper.SaveAsync(cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Sweeps and drains the queue until neither has anything left at the current instant.</summary>
    public async Task RunDueWorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var swept = await sweeper.SweepAsync(TimeSpan.Zero, cancellationToken); // no local schedule runs in simulated time
            var worked = 0;
            for (int batch; (batch = await queue.ProcessBatchAsync(cancellationToken)) > 0;)
            {
                worked += batch;
            }

            if (swept == 0 && worked == 0)
            {
                return;
            }
        }
    }

    public void Dispose() => _oneAtATime.Dispose();
}
