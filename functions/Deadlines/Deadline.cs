using FosteringWorkflows.Calendar;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Deadlines;

/// <summary>
/// A stored service-level clock. It moves Pending → Warned → Breached (then escalated once), or ends Met or
/// Cancelled. A clock stopped after its due time stays Breached, with <see cref="MetAt"/> saying when it stopped.
/// </summary>
public sealed class Deadline
{
    public required ClockName Clock { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    public required DateTimeOffset WarnAt { get; init; }

    public required DateTimeOffset EscalateAt { get; init; }

    public DeadlineState State { get; set; } = DeadlineState.Pending;

    public DateTimeOffset? WarnedAt { get; set; }

    public DateTimeOffset? BreachedAt { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public DateTimeOffset? MetAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>How many times the clock was re-timed (a new panel date): part of its alerts' purposes, so each timing warns once.</summary>
    public int Timing { get; init; }

    public bool IsOpen => State is DeadlineState.Pending or DeadlineState.Warned
        || (State == DeadlineState.Breached && MetAt is null && CancelledAt is null);

    /// <summary>The next instant at which this clock changes by itself, if any.</summary>
    public DateTimeOffset? NextPoint => State switch
    {
        DeadlineState.Pending => WarnAt < DueAt ? WarnAt : DueAt,
        DeadlineState.Warned => DueAt,
        DeadlineState.Breached when IsOpen && EscalatedAt is null => EscalateAt,
        _ => null,
    };

    /// <summary>Starts a clock under a rule: due, warning and escalation points, all fixed now from the policy.</summary>
    public static Deadline Start(ClockName clock, DateTimeOffset startedAt, ClockRule rule, WorkingCalendar calendar) =>
        Start(clock, startedAt, rule.Limit.From(startedAt, calendar), rule, calendar);

    /// <summary>Starts a clock that is due the rule's span before a date (panel papers before the panel), not after its start.</summary>
    /// <remarks><paramref name="timing"/> counts the re-timings (a new panel date), so each timing's alerts have purposes of their own.</remarks>
    public static Deadline StartBefore(ClockName clock, DateTimeOffset startedAt, DateTimeOffset date, ClockRule rule, WorkingCalendar calendar, int timing = 0) =>
        Start(clock, startedAt, rule.Limit.Before(date, calendar), rule, calendar, timing);

    private static Deadline Start(ClockName clock, DateTimeOffset startedAt, DateTimeOffset due, ClockRule rule, WorkingCalendar calendar, int timing = 0)
    {
        var elapsedShare = 1 - rule.WarnWhenRemaining;
        DateTimeOffset warn;
        if (due <= startedAt)
        {
            // Already due when it starts (a panel date set too late for the papers): no warning to give.
            warn = due;
        }
        else if (rule.Limit.IsWorkingTime)
        {
            // Working-time clocks warn by working time left: a quarter of 2 working hours is 30 working minutes.
            var allowed = calendar.WorkingTimeBetween(startedAt, due);
            warn = calendar.AddWorkingTime(startedAt, allowed * (double)elapsedShare);
        }
        else
        {
            warn = startedAt + ((due - startedAt) * (double)elapsedShare);
        }

        return new Deadline
        {
            Clock = clock,
            StartedAt = startedAt,
            DueAt = due,
            WarnAt = calendar.ToZone(warn),
            EscalateAt = rule.EscalateAfter.From(due, calendar),
            Timing = timing,
        };
    }
}
