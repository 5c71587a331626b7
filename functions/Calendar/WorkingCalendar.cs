namespace FosteringWorkflows.Calendar;

/// <summary>
/// Arithmetic in working time. Every instant goes in and out as a <see cref="DateTimeOffset"/>; wall-clock
/// reasoning happens in the council's zone so that the BST changes fall where they really do.
/// </summary>
public sealed class WorkingCalendar(BankHolidays holidays, WorkingWeek week)
{
    // Ten years of days without one working day means a misconfigured week, not a long wait.
    private const int MaxDaysScanned = 3660;

    public WorkingWeek Week => week;

    public bool IsWorkingDay(DateOnly date) =>
        week.Days.Contains(date.DayOfWeek) && !holidays.IsHoliday(week.Holidays, date);

    /// <summary>Adds working time: "2 working hours from Thu 24 Dec 2026 15:30" is Tue 29 Dec 09:30.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        if (amount == TimeSpan.Zero)
        {
            return start;
        }

        var remaining = amount;
        var cursor = start;
        var date = LocalDate(start);
        for (var scanned = 0; scanned < MaxDaysScanned; scanned++, date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            var (open, close) = WorkingInterval(date);
            var from = cursor > open ? cursor : open;
            if (from >= close)
            {
                continue;
            }

            var available = close - from;
            if (remaining <= available)
            {
                return ToZone(from + remaining);
            }

            remaining -= available;
        }

        throw new InvalidOperationException("The working week has no working days within ten years.");
    }

    /// <summary>Working time inside [from, to).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        for (var date = LocalDate(from); date <= LocalDate(to); date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            var (open, close) = WorkingInterval(date);
            var start = from > open ? from : open;
            var end = to < close ? to : close;
            if (end > start)
            {
                total += end - start;
            }
        }

        return total;
    }

    /// <summary>
    /// Close of business on the n-th working day after the start's own day: a clock of "5 working days"
    /// started on Monday is due at 17:00 the following Monday.
    /// </summary>
    public DateTimeOffset EndOfWorkingDaysAfter(DateTimeOffset start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workingDays);
        var date = LocalDate(start);
        var counted = 0;
        for (var scanned = 0; scanned < MaxDaysScanned; scanned++)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date) && ++counted == workingDays)
            {
                return WorkingInterval(date).Close;
            }
        }

        throw new InvalidOperationException("The working week has no working days within ten years.");
    }

    /// <summary>The instant itself if it falls in working time, else the start of the next working period.</summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset instant)
    {
        var date = LocalDate(instant);
        for (var scanned = 0; scanned < MaxDaysScanned; scanned++, date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            var (open, close) = WorkingInterval(date);
            if (instant < close)
            {
                return instant > open ? instant : open;
            }
        }

        throw new InvalidOperationException("No working day in ten years: the working week is misconfigured.");
    }

    /// <summary>The same wall-clock time a number of calendar days later, in the council's zone.</summary>
    public DateTimeOffset AddCalendarDays(DateTimeOffset start, int days)
    {
        var local = TimeZoneInfo.ConvertTime(start, week.Zone).DateTime;
        return Instant(local.AddDays(days));
    }

    /// <summary>The same local time whole months on (or back); a day the month lacks becomes its last: 31 Oct + 8 months is 30 Jun.</summary>
    public DateTimeOffset AddCalendarMonths(DateTimeOffset start, int months)
    {
        var local = TimeZoneInfo.ConvertTime(start, week.Zone).DateTime;
        return Instant(local.AddMonths(months));
    }

    /// <summary>The close of the working day that is the <paramref name="workingDays"/>th counting back from <paramref name="date"/> (which is not counted).</summary>
    public DateTimeOffset EndOfWorkingDaysBefore(DateOnly date, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workingDays);
        var counted = 0;
        for (var scanned = 0; scanned < MaxDaysScanned; scanned++)
        {
            date = date.AddDays(-1);
            if (IsWorkingDay(date) && ++counted == workingDays)
            {
                return WorkingInterval(date).Close;
            }
        }

        throw new InvalidOperationException("The working week has no working days within ten years.");
    }

    /// <summary>The next instant at or after <paramref name="notBefore"/> whose local wall-clock time is <paramref name="time"/>.</summary>
    public DateTimeOffset NextLocalTime(DateTimeOffset notBefore, TimeOnly time)
    {
        var date = LocalDate(notBefore);
        var candidate = Instant(date.ToDateTime(time));
        return candidate >= notBefore ? candidate : Instant(date.AddDays(1).ToDateTime(time));
    }

    public DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, week.Zone).DateTime);

    public DateTimeOffset ToZone(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, week.Zone);

    /// <summary>The instant a local date at a local time names.</summary>
    public DateTimeOffset AtLocal(DateOnly date, TimeOnly time) => Instant(date.ToDateTime(time));

    private (DateTimeOffset Open, DateTimeOffset Close) WorkingInterval(DateOnly date) =>
        (Instant(date.ToDateTime(week.DayStart)), Instant(date.ToDateTime(week.DayEnd)));

    /// <summary>
    /// A local wall-clock time as an instant. A time skipped by the spring change moves on by the gap;
    /// a time repeated by the autumn change takes its first (summer-time) occurrence.
    /// </summary>
    private DateTimeOffset Instant(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (week.Zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        var offset = week.Zone.IsAmbiguousTime(unspecified)
            ? week.Zone.GetAmbiguousTimeOffsets(unspecified).Max()
            : week.Zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset);
    }
}
