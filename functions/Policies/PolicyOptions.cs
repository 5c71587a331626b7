using FosteringWorkflows.Calendar;

namespace FosteringWorkflows.Policies;

/// <summary>A council's overrides of the default SLA policy; anything unset takes the default.</summary>
public sealed class PolicyOptions
{
    public bool ConcurrentStages { get; set; }

    public string WorkingDayStart { get; set; } = "09:00";

    public string WorkingDayEnd { get; set; } = "17:00";

    public string WorkingDays { get; set; } = "Monday,Tuesday,Wednesday,Thursday,Friday";

    public string TimeZone { get; set; } = WorkingWeek.DefaultZoneId;

    public string BankHolidays { get; set; } = "england-and-wales";

    /// <summary>Staff are warned when this share of a clock's allowed time remains.</summary>
    public decimal WarnWhenRemaining { get; set; } = 0.25m;

    /// <summary>How long a clock may stay breached before the team manager is told.</summary>
    public string EscalateAfter { get; set; } = "1 WorkingDays";

    public string KeepInTouchEvery { get; set; } = "7 Days";

    public Dictionary<string, ClockRuleOptions> Clocks { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Stage 1 checks that must all be in for Stage 1's information to be complete, comma-separated.</summary>
    public string RequiredChecks { get; set; } = string.Join(',', Stage1Checks.RequiredByDefault);

    /// <summary>The checks required of each household member aged 18 or over (or turning 18 before the assessment ends), comma-separated.</summary>
    public string MemberChecks { get; set; } = string.Join(',', Stage1Checks.MemberRequiredByDefault);

    /// <summary>A check's own time before the team is told it is overdue, e.g. <c>CheckDue:DBS = 4 Weeks</c>; unset checks take the defaults.</summary>
    public Dictionary<string, string> CheckDue { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long ended journeys' records are kept: <c>Retention:Enquiry</c>, <c>:RefusedOrWithdrawn</c>, <c>:ApprovalEnded</c>, <c>:Audit</c>.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>Also hold the statutory form of the agency-decision clock: 7 working days from the panel's final minutes.</summary>
    public bool AgencyDecisionFromMinutes { get; set; }

    public IReadOnlyList<string> RequiredCheckList =>
        [.. RequiredChecks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public IReadOnlyList<string> MemberCheckList =>
        [.. MemberChecks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public SlaPolicy ToPolicy(string localAuthority)
    {
        var clocks = new SortedDictionary<ClockName, ClockRule>();
        foreach (var (clock, limit) in SlaPolicy.DefaultLimits)
        {
            Clocks.TryGetValue(clock.ToString(), out var own);
            clocks[clock] = new ClockRule(
                own?.Limit is { } l ? ClockSpan.Parse(l) : limit,
                own?.WarnWhenRemaining ?? WarnWhenRemaining,
                ClockSpan.Parse(own?.EscalateAfter ?? EscalateAfter));
        }

        return new SlaPolicy(
            localAuthority,
            WorkingDayStart,
            WorkingDayEnd,
            [.. WorkingDays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Enum.Parse<DayOfWeek>)],
            TimeZone,
            BankHolidays,
            ConcurrentStages,
            ClockSpan.Parse(KeepInTouchEvery),
            clocks,
            RequiredCheckList,
            AgencyDecisionFromMinutes,
            MemberCheckList,
            CheckDueSpans(),
            new RetentionRules(ClockSpan.Parse(Retention.Enquiry), ClockSpan.Parse(Retention.RefusedOrWithdrawn), ClockSpan.Parse(Retention.ApprovalEnded), ClockSpan.Parse(Retention.Audit)));
    }

    private SortedDictionary<string, ClockSpan> CheckDueSpans()
    {
        var spans = Stage1Checks.DueByDefault;
        foreach (var (check, span) in CheckDue)
        {
            spans[Stage1Checks.All.Single(c => string.Equals(c, check, StringComparison.OrdinalIgnoreCase))] = ClockSpan.Parse(span);
        }

        return spans;
    }
}
