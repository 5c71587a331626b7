using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Deadlines;

/// <summary>
/// Hands due timers to the work queue: enqueue first, then delete the timer, so a crash in between sends a journey
/// a second wake rather than none. Time is the injected clock's, which is what lets tests and the simulation jump weeks.
/// </summary>
public sealed class TimerSweeper(TimerIndex timers, JourneyWork queue, TimeProvider time, IOptions<TimerSweepOptions> options)
{
    /// <summary>
    /// Sweeps once, leaving the timers due within <see cref="TimerSweepOptions.OwnerGrace"/> to the instances that armed
    /// them, as the service's loop and the scale-to-zero job do; returns how many were handed on (a full page means more
    /// may be due).
    /// </summary>
    public Task<int> SweepAsync(CancellationToken cancellationToken) => SweepAsync(options.Value.OwnerGrace, cancellationToken);

    /// <summary>
    /// Sweeps once, leaving the timers due within <paramref name="ownerGrace"/> to the instances that armed them (whose local
    /// schedules wake them at the instant); returns how many were handed on (a full page means more may be due).
    /// </summary>
    public async Task<int> SweepAsync(TimeSpan ownerGrace, CancellationToken cancellationToken)
    {
        var due = await timers.DueAsync(time.GetUtcNow() - ownerGrace, options.Value.PageSize, cancellationToken);
        foreach (var journey in due.GroupBy(t => t.JourneyId, StringComparer.Ordinal))
        {
            await queue.EnqueueAsync(journey.Key, cancellationToken);
            foreach (var timer in journey)
            {
                await timers.DeleteAsync(timer, cancellationToken);
            }
        }

        return due.Count;
    }
}
