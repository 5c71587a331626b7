using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Worklist;

/// <summary>A row read from the work index: the journey's line, the entry that placed it (which clock, which checks, when) and its key as stored (its place in the order).</summary>
public sealed record WorkLine(WorkItem Item, WorkEntry Entry, string Key);
