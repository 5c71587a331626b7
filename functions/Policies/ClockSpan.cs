using System.Globalization;
using System.Text.Json.Serialization;
using FosteringWorkflows.Calendar;

namespace FosteringWorkflows.Policies;

/// <summary>
/// A length of time in a clock's own unit ("2 WorkingHours", "5 WorkingDays", "8 Weeks", "8 Months"). Working time is not a
/// <see cref="TimeSpan"/>, so spans stay in their unit until a calendar turns them into instants.
/// </summary>
[JsonConverter(typeof(ClockSpanJsonConverter))]
public readonly record struct ClockSpan(decimal Amount, SpanUnit Unit)
{
    public static ClockSpan Parse(string text)
    {
        if (!TryParse(text, out var span))
        {
            throw new FormatException($"'{text}' is not a clock span such as '2 WorkingHours', '5 WorkingDays', '7 Days', '8 Weeks' or '8 Months'.");
        }

        return span;
    }

    public static bool TryParse(string? text, out ClockSpan span)
    {
        span = default;
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 }
            || !decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0
            || !Enum.TryParse<SpanUnit>(parts[1], ignoreCase: true, out var unit)
            || !Enum.IsDefined(unit))
        {
            return false;
        }

        // Working days and calendar days are counted whole: "within 5 working days" has no half days.
        if (unit is SpanUnit.WorkingDays or SpanUnit.Days or SpanUnit.Weeks or SpanUnit.Months or SpanUnit.Years && decimal.Truncate(amount) != amount)
        {
            return false;
        }

        span = new ClockSpan(amount, unit);
        return true;
    }

    /// <summary>When a span starting at <paramref name="start"/> runs out.</summary>
    public DateTimeOffset From(DateTimeOffset start, WorkingCalendar calendar) => Unit switch
    {
        SpanUnit.WorkingHours => calendar.AddWorkingTime(start, TimeSpan.FromHours((double)Amount)),
        SpanUnit.WorkingDays => calendar.EndOfWorkingDaysAfter(start, (int)Amount),
        SpanUnit.Days => calendar.AddCalendarDays(start, (int)Amount),
        SpanUnit.Weeks => calendar.AddCalendarDays(start, (int)Amount * 7),
        SpanUnit.Months => calendar.AddCalendarMonths(start, (int)Amount),
        SpanUnit.Years => calendar.AddCalendarMonths(start, (int)Amount * 12),
        _ => throw new InvalidOperationException($"Unknown unit {Unit}."),
    };

    /// <summary>
    /// The latest instant that is still this span before <paramref name="day"/>'s local date: for working days, the close
    /// of the working day that is the span's last counting back (the day itself not counted, so "5 working days before
    /// Tue 5 Jan 2027" is Thu 24 Dec 2026 at the day's close); for calendar units, the same local time that many days,
    /// weeks or months earlier. Working hours do not count back.
    /// </summary>
    public DateTimeOffset Before(DateTimeOffset day, WorkingCalendar calendar) => Unit switch
    {
        SpanUnit.WorkingDays => calendar.EndOfWorkingDaysBefore(calendar.LocalDate(day), (int)Amount),
        SpanUnit.Days => calendar.AddCalendarDays(day, -(int)Amount),
        SpanUnit.Weeks => calendar.AddCalendarDays(day, -(int)Amount * 7),
        SpanUnit.Months => calendar.AddCalendarMonths(day, -(int)Amount),
        SpanUnit.Years => calendar.AddCalendarMonths(day, -(int)Amount * 12),
        _ => throw new InvalidOperationException($"A span of {Unit} cannot be counted back from a date."),
    };

    public bool IsWorkingTime => Unit is SpanUnit.WorkingHours or SpanUnit.WorkingDays;

    /// <summary>At least as long as <paramref name="other"/> whatever the dates (a month counted as 28 to 31 days, a year as 365 or 366).</summary>
    public bool AtLeast(ClockSpan other) => !IsWorkingTime && !other.IsWorkingTime && (Months() is { } mine && other.Months() is { } theirs
        ? mine >= theirs
        : ShortestDays() >= other.LongestDays());

    private decimal? Months() => Unit switch { SpanUnit.Months => Amount, SpanUnit.Years => Amount * 12, _ => null };

    private decimal ShortestDays() => Unit switch { SpanUnit.Weeks => Amount * 7, SpanUnit.Months => Amount * 28, SpanUnit.Years => Amount * 365, _ => Amount };

    private decimal LongestDays() => Unit switch { SpanUnit.Weeks => Amount * 7, SpanUnit.Months => Amount * 31, SpanUnit.Years => Amount * 366, _ => Amount };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount} {Unit}");
}
