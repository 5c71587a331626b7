using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Deadlines;

/// <summary>
/// Hands due timers to the work queue: enqueue first, then delete the timer, so a crash in between sends a journey
/// a second wake rather than none. Time is the injected clock's, which is what lets tests and the simulation jump weeks.
/// </summary>
public sealed class TimerSweeper(TimerIndex timers, JourneyWork queue, TimeProvider time, IOptions<TimerSweepOptions> options)
{
    /// <summary>Sweeps once; returns how many timers were handed on (a full page means more may be due).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var due = await timers.DueAsync(time.GetUtcNow(), options.Value.PageSize, cancellationToken);
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
