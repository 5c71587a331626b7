namespace FosteringWorkflows.Journeys;

public static class ClockAlerts
{
    /// <summary>The history entry an alert records.</summary>
    public static string HistoryType(this ClockAlert alert) => alert switch
    {
        ClockAlert.Warning => "DeadlineWarned",
        ClockAlert.Breached => "DeadlineBreached",
        _ => "DeadlineEscalated",
    };

    /// <summary>The word in the alert's template name (<c>staff-deadline-{word}</c>).</summary>
    public static string TemplateWord(this ClockAlert alert) => alert switch
    {
        ClockAlert.Warning => "warning",
        ClockAlert.Breached => "breached",
        _ => "escalated",
    };

    /// <summary>The point of the clock an alert marks, as the lateness metric names it.</summary>
    public static string Point(this ClockAlert alert) => alert switch
    {
        ClockAlert.Warning => "warning",
        ClockAlert.Breached => "due",
        _ => "escalation",
    };
}
