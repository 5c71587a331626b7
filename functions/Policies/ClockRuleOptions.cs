namespace FosteringWorkflows.Policies;

public sealed class ClockRuleOptions
{
    public string? Limit { get; set; }

    public decimal? WarnWhenRemaining { get; set; }

    public string? EscalateAfter { get; set; }
}
