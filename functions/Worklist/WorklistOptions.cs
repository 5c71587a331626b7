namespace FosteringWorkflows.Worklist;

/// <summary>The worklist's settings (section <c>Worklist</c>).</summary>
public sealed class WorklistOptions
{
    public const string Section = "Worklist";

    /// <summary>How often stalled journeys are looked for, so each team is told (real time; default 5 minutes).</summary>
    public TimeSpan StallCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
