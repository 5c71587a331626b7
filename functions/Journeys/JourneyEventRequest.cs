using System.Text.Json;

namespace FosteringWorkflows.Journeys;

public sealed record JourneyEventRequest(string? Type, DateTimeOffset? OccurredAt, JsonElement? Data);
