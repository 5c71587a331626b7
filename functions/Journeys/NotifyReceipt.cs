using System.Text.Json.Serialization;

namespace FosteringWorkflows.Journeys;

/// <summary>GOV.UK Notify's delivery-receipt callback body (the fields we use).</summary>
public sealed record NotifyReceipt(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("notification_type")] string? NotificationType,
    [property: JsonPropertyName("completed_at")] DateTimeOffset? CompletedAt);
