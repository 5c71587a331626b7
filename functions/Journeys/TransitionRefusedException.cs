namespace FosteringWorkflows.Journeys;

/// <summary>An event that does not fit the journey as it stands: the API answers 409 naming both.</summary>
public sealed class TransitionRefusedException(Stage stage, JourneyStatus status, string eventType, string reason, IReadOnlyList<CheckStatus>? missingChecks = null)
    : Exception($"{eventType} does not fit a journey at stage {stage} ({status}): {reason}")
{
    /// <summary>The required Stage 1 checks not yet in, when that is why the event was refused.</summary>
    public IReadOnlyList<CheckStatus>? MissingChecks { get; } = missingChecks;

    public Stage Stage { get; } = stage;

    public JourneyStatus Status { get; } = status;

    public string EventType { get; } = eventType;

    public string Reason { get; } = reason;
}
