namespace FosteringWorkflows.Hosting;

/// <summary><c>Clock__Mode</c> and <c>Clock__Start</c>: simulated time for demonstrations and acceptance tests.</summary>
public sealed class ClockOptions
{
    public const string Section = "Clock";

    public ClockMode Mode { get; set; } = ClockMode.Real;

    public DateTimeOffset? Start { get; set; }
}
