namespace FosteringWorkflows.Journeys;

/// <summary>
/// The journey list read from the work index: these councils' active journeys, by the next due time of
/// <see cref="Clock"/> (or of any clock), due before <see cref="Before"/>, after the listing whose key is
/// <see cref="After"/> (a page's cursor), narrowed by stage, allocation and whether any clock is overdue at <see cref="Now"/>.
/// </summary>
public sealed record WorkQuery(
    IReadOnlyList<string> Councils, string? Clock, DateTimeOffset? Before, string? Stage, string? AllocatedTo, bool? Overdue, DateTimeOffset Now,
    string? After, int Size);
