using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Worklist;

/// <summary>A row read from the work index: the journey's line and the entry that placed it (which clock, which checks, when).</summary>
public sealed record WorkLine(WorkItem Item, WorkEntry Entry);
