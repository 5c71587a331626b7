namespace FosteringWorkflows.Journeys;

/// <summary>
/// A Stage 1 check for one person: <c>Completed</c> or <c>NotApplicable</c> (with the reason) once recorded, <c>Outstanding</c>
/// while required and not in, with when it is due and whether that has passed.
/// </summary>
public sealed record CheckResponse(
    string PersonId, string Check, bool Required, string State, DateTimeOffset? At, string? Reason, DateTimeOffset? DueAt, bool Overdue, DateOnly? RequiredFrom);
