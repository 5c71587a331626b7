using FosteringWorkflows.Calendar;

namespace FosteringWorkflows.Policies;

/// <summary>A policy with the calendar it computes clocks in.</summary>
public sealed record CouncilPolicy(SlaPolicy Policy, WorkingCalendar Calendar);
