using System.Text.Json.Serialization;

namespace FosteringWorkflows.Reports;

/// <summary>A breach as a figures row keeps it.</summary>
public sealed record BreachEntry(
    [property: JsonPropertyName("j")] string JourneyId,
    [property: JsonPropertyName("c")] string Clock,
    [property: JsonPropertyName("d")] DateTimeOffset DueAt,
    [property: JsonPropertyName("e")] DateTimeOffset? EndedAt,
    [property: JsonPropertyName("s")] DateOnly Started,
    [property: JsonPropertyName("x")] bool Cancelled = false);
