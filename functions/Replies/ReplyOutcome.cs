namespace FosteringWorkflows.Replies;

/// <summary>What became of a text: recorded on one journey (its id), kept for the team (no id), or not yet (the journey was busy: send it again).</summary>
public sealed record ReplyOutcome(string? JourneyId, bool Stopped, bool Busy = false);
