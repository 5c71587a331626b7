namespace FosteringWorkflows.Policies;

/// <summary>How long a clock allows, when staff are warned, and when a breach is escalated to the team manager.</summary>
public sealed record ClockRule(ClockSpan Limit, decimal WarnWhenRemaining, ClockSpan EscalateAfter);
