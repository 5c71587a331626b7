namespace FosteringWorkflows.Journeys;

/// <summary>One journey of the list by due time: its line, the clock it is listed by (none when no clock runs) and its place in the order (<see cref="Key"/>, a page's cursor).</summary>
public sealed record WorkListing(WorkItem Item, WorkClock? Next, string Key);
