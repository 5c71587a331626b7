namespace FosteringWorkflows.Policies;

public enum SpanUnit
{
    WorkingHours,
    WorkingDays,
    Days,
    Weeks,
    Months,

    /// <summary>Calendar years, for how long records are kept (twelve calendar months each).</summary>
    Years,
}
