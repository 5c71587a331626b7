namespace FosteringWorkflows.Hosting;

/// <summary>
/// The simulated clock: it stands still until told to move, and never moves back. Only the domain's reading of the time
/// is simulated; timers and delays made through it run in real time (the service's retries and back-offs are real waits).
/// </summary>
public sealed class SimulatedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock to <paramref name="instant"/>, or leaves it where it is if that is not later.</summary>
    public void MoveTo(DateTimeOffset instant)
    {
        var target = instant.UtcTicks;
        for (var seen = Interlocked.Read(ref _utcTicks); target > seen;)
        {
            var was = Interlocked.CompareExchange(ref _utcTicks, target, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }
}
