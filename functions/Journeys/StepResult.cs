namespace FosteringWorkflows.Journeys;

/// <summary>
/// A step's outcome, with the journey after it when done. <see cref="Council"/> is the journey's owner as loaded, whatever
/// the outcome, for the access audit.
/// </summary>
public sealed record StepResult(
    StepOutcome Outcome, string? Council, Journey? Journey = null, string? Field = null, string? Message = null, TransitionRefusedException? Refusal = null)
{
    public bool IsDone => Outcome == StepOutcome.Done;
}
