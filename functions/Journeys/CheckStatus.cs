namespace FosteringWorkflows.Journeys;

/// <summary>A Stage 1 check for one person and where it stands.</summary>
public sealed record CheckStatus(
    string PersonId, string Check, bool Required, string State, DateTimeOffset? At, string? Reason, DateTimeOffset? DueAt, DateOnly? RequiredFrom);
