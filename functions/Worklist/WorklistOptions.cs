namespace FosteringWorkflows.Worklist;

/// <summary>The worklist's settings (section <c>Worklist</c>).</summary>
public sealed class WorklistOptions
{
    public const string Section = "Worklist";

    /// <summary>
    /// How often stalled journeys are looked for, so each team is told (real time; default an hour: one range read a
    /// council each time, so an idle service's storage calls stay those of its timers and queue).
    /// </summary>
    public TimeSpan StallCheckInterval { get; set; } = TimeSpan.FromHours(1);
}
