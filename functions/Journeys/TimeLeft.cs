using System.Globalization;
using FosteringWorkflows.Calendar;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// How long a clock has left, or how far past it is, in the clock's own unit: working hours and minutes for the enquiry's
/// 2 working hours, working days for a visit within 5 working days, days and weeks for the longer clocks.
/// </summary>
public static class TimeLeft
{
    public static string Describe(DateTimeOffset dueAt, DateTimeOffset now, SpanUnit unit, WorkingCalendar calendar)
    {
        if ((dueAt - now).Duration() < TimeSpan.FromMinutes(1))
        {
            return "due now";
        }

        var overdue = dueAt < now;
        var (from, to) = overdue ? (dueAt, now) : (now, dueAt);
        var amount = unit switch
        {
            SpanUnit.WorkingHours => HoursAndMinutes(calendar.WorkingTimeBetween(from, to), "working "),
            SpanUnit.WorkingDays when WorkingDays(calendar, from, to) is var days and > 0 => Count(days, "working day"),
            // Within the same working day: hours and minutes (a clock due at the day's end, or a few minutes past).
            SpanUnit.WorkingDays => HoursAndMinutes(to - from, ""),
            _ => DaysOrWeeks(calendar.LocalDate(to).DayNumber - calendar.LocalDate(from).DayNumber, to - from),
        };
        return overdue ? $"overdue by {amount}" : $"{amount} left";
    }

    private static string HoursAndMinutes(TimeSpan span, string kind)
    {
        var hours = (int)span.TotalHours;
        var minutes = span.Minutes;
        return hours == 0 ? Count(minutes, "minute")
            : minutes == 0 ? Count(hours, $"{kind}hour")
            : $"{Count(hours, $"{kind}hour")} {Count(minutes, "minute")}";
    }

    private static int WorkingDays(WorkingCalendar calendar, DateTimeOffset from, DateTimeOffset to)
    {
        var (first, last) = (calendar.LocalDate(from), calendar.LocalDate(to));
        var days = 0;
        for (var day = first.AddDays(1); day <= last; day = day.AddDays(1))
        {
            days += calendar.IsWorkingDay(day) ? 1 : 0;
        }

        return days;
    }

    private static string DaysOrWeeks(int days, TimeSpan span) =>
        days == 0 ? HoursAndMinutes(span, "")
        : days < 14 ? Count(days, "day")
        : days % 7 == 0 ? Count(days / 7, "week")
        : $"{Count(days / 7, "week")} {Count(days % 7, "day")}";

    private static string Count(int n, string unit) => n.ToString("N0", CultureInfo.GetCultureInfo("en-GB")) + " " + unit + (n == 1 ? "" : "s");
}
