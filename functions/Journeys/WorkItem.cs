namespace FosteringWorkflows.Journeys;

/// <summary>
/// One active journey's line in its council's work index: enough to place it in every section of the worklist and to
/// filter and search it, without reading the journey. Personal data (a name), kept only while the journey is active.
/// </summary>
public sealed record WorkItem(
    string JourneyId,
    string Council,
    string FirstName,
    string LastName,
    string Stage,
    DateTimeOffset ReceivedAt,
    DateTimeOffset LastStepAt,
    string? AllocatedTo,
    IReadOnlyList<string> Flags,
    IReadOnlyList<WorkClock> Clocks,
    IReadOnlyList<WorkCheck> Checks,
    DateTimeOffset? PanelAt,
    bool PapersSent,
    string? LastAttempt,
    DateTimeOffset? StallsAt = null,
    bool StallTold = false,
    DateTimeOffset? AttentionSince = null);
