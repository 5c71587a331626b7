namespace FosteringWorkflows.Worklist;

/// <summary>The first lines of a range of the work index, in key order, and whether there are more after them.</summary>
public sealed record WorkSlice(IReadOnlyList<WorkLine> Lines, bool More);
