namespace FosteringWorkflows.Worklist;

/// <summary>What the worklist is narrowed to: a council of the person's, a stage, a clock, an allocation, a search.</summary>
public sealed record WorkFilter(string? Council, string? Stage, string? Clock, string? Allocated, string? Query)
{
    public const string Me = "me";
    public const string Nobody = "nobody";
}
