namespace FosteringWorkflows.Hosting;

/// <summary>host.json <c>extensions:durableTimers</c>: how often the timer index is swept for due timers.</summary>
public sealed class TimerSweepOptions
{
    public const string Section = "extensions:durableTimers";

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Due timers handed on per sweep query; a full page is followed at once by another.</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>
    /// How long past due the service's sweep leaves a timer to the instance that armed it, whose local schedule wakes it
    /// at its instant (a few seconds behind when that instance is busy). The sweep is for timers whose instance died or
    /// restarted; one that took a timer its owner was about to wake would wake the journey twice at once, and the loser
    /// of that race retries for seconds. The scale-to-zero job leaves the same grace (it runs beside a replica if one is
    /// up); the simulated clock's advance sweeps everything due.
    /// </summary>
    public TimeSpan OwnerGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Wakes of this instance's own due timers in flight at once (each holds a slot until its journey's change is
    /// committed and its timer rows dropped). With 100,000 journeys open a wake takes about 0.6 s on Azurite, so 16
    /// slots carried the bench's 17 timers a second with little to spare; 32 leave room for a backlog. (Measured with
    /// 32, the late tail was still set by the length of Azurite's one long pause: see docs/architecture.md.)
    /// </summary>
    public int WakeSlots { get; set; } = 32;
}
