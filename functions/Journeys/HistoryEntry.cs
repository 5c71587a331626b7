using System.Text.Json;

namespace FosteringWorkflows.Journeys;

/// <summary>One line of "who did what when". Data holds the event's own fields, never free text about a person.</summary>
public sealed record HistoryEntry(int Seq, string Type, DateTimeOffset At, DateTimeOffset RecordedAt, string Actor, JsonElement? Data);
