namespace FosteringWorkflows.Journeys;

/// <summary>A breach as the reports list it: which journey, which clock, when it was due and when it stopped running (null: still running).</summary>
/// <see cref="Instance"/> names the clock instance within the journey (its clock and start).
/// <see cref="Cancelled"/>: the clock ended because the journey did (a withdrawal), not because its step was done.
public sealed record BreachNote(string JourneyId, string Clock, DateTimeOffset DueAt, DateTimeOffset? EndedAt, string Instance, bool Cancelled = false);
