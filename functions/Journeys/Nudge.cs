namespace FosteringWorkflows.Journeys;

/// <summary>A recurring or one-off applicant message the journey sends on its own (weekly keep-in-touch, visit reminder).</summary>
public sealed class Nudge(NudgeName name)
{
    public NudgeName Name { get; } = name;

    /// <summary>When it next fires; null when it is not running.</summary>
    public DateTimeOffset? NextAt { get; set; }

    /// <summary>How many times it has been armed or fired: part of each message's idempotency key.</summary>
    public int Count { get; set; }
}
