namespace FosteringWorkflows.Journeys;

/// <summary>
/// A step that happened. For a Stage 1 check, <see cref="Detail"/> is the check, <see cref="Person"/> whose it is (null: the
/// first applicant) and <see cref="Reason"/> why it does not apply, where it was marked not applicable.
/// </summary>
public sealed record Milestone(string Type, DateTimeOffset At, string? Detail = null, string? Person = null, string? Reason = null);
