namespace FosteringWorkflows.Hosting;

/// <summary>host.json <c>extensions:durableTimers</c>: how often the timer index is swept for due timers.</summary>
public sealed class TimerSweepOptions
{
    public const string Section = "extensions:durableTimers";

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Due timers handed on per sweep query; a full page is followed at once by another.</summary>
    public int PageSize { get; set; } = 200;
}
