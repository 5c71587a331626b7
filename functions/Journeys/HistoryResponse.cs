using System.Text.Json;

namespace FosteringWorkflows.Journeys;

public sealed record HistoryResponse(int Seq, string Type, DateTimeOffset At, DateTimeOffset RecordedAt, string Actor, JsonElement? Data);
