using System.Text.Json.Serialization;

namespace FosteringWorkflows.Replies;

/// <summary>GOV.UK Notify's received-text callback body, in Notify's own names.</summary>
public sealed record NotifyInbound(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("source_number")] string? SourceNumber,
    [property: JsonPropertyName("destination_number")] string? DestinationNumber,
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("date_received")] DateTimeOffset? DateReceived);
