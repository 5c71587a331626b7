using System.Globalization;
using FosteringWorkflows.Calendar;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Policies;

/// <summary>Refuses to start with a council whose service levels cannot work (<c>Councils:{id}:Policy</c>), naming the setting.</summary>
internal sealed class PolicyOptionsValidator : IValidateOptions<CouncilPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, CouncilPolicyOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, policy) in options.Items)
        {
            var prefix = $"Councils:{id}";
            WorkingTime(prefix, policy, failures);
            Spans(prefix, policy, failures);
            Checks(prefix, policy, failures);
            Retention(prefix, policy, failures);
            Clocks(prefix, policy, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The working day, week, time zone and bank holidays.</summary>
    private static void WorkingTime(string prefix, PolicyOptions policy, List<string> failures)
    {
        if (!TimeOnly.TryParse(policy.WorkingDayStart, CultureInfo.InvariantCulture, out var start)
            || !TimeOnly.TryParse(policy.WorkingDayEnd, CultureInfo.InvariantCulture, out var end)
            || end <= start)
        {
            failures.Add($"{prefix}:Policy:WorkingDayStart/WorkingDayEnd must be times with the end after the start.");
        }

        var days = policy.WorkingDays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (days.Length == 0 || days.Any(d => !Enum.TryParse<DayOfWeek>(d, out _)))
        {
            failures.Add($"{prefix}:Policy:WorkingDays must list days such as 'Monday,Tuesday'.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(policy.TimeZone, out _))
        {
            failures.Add($"{prefix}:Policy:TimeZone '{policy.TimeZone}' is not a known time zone.");
        }

        if (!BankHolidays.TryParseDivision(policy.BankHolidays, out _))
        {
            failures.Add($"{prefix}:Policy:BankHolidays must be england-and-wales, scotland or northern-ireland.");
        }

    }

    /// <summary>The warning share and the spans of escalation and keeping in touch.</summary>
    private static void Spans(string prefix, PolicyOptions policy, List<string> failures)
    {
        if (policy.WarnWhenRemaining is <= 0 or >= 1)
        {
            failures.Add($"{prefix}:Policy:WarnWhenRemaining must be between 0 and 1.");
        }

        foreach (var (key, value) in new[] { ("EscalateAfter", policy.EscalateAfter), ("KeepInTouchEvery", policy.KeepInTouchEvery) })
        {
            if (!ClockSpan.TryParse(value, out _))
            {
                failures.Add($"{prefix}:Policy:{key} '{value}' is not a span such as '1 WorkingDays'.");
            }
        }
    }

    /// <summary>The Stage 1 checks required, and when each is due.</summary>
    private static void Checks(string prefix, PolicyOptions policy, List<string> failures)
    {
        if (policy.RequiredCheckList is var required && (required.Count == 0 || required.Any(c => !Stage1Checks.All.Contains(c, StringComparer.Ordinal))))
        {
            failures.Add($"{prefix}:Policy:RequiredChecks '{policy.RequiredChecks}' must list checks from {string.Join(", ", Stage1Checks.All)}.");
        }

        if (policy.MemberCheckList.Any(c => !Stage1Checks.All.Contains(c, StringComparer.Ordinal)))
        {
            failures.Add($"{prefix}:Policy:MemberChecks '{policy.MemberChecks}' must list checks from {string.Join(", ", Stage1Checks.All)} (or be empty).");
        }

        foreach (var (check, span) in policy.CheckDue)
        {
            if (!Stage1Checks.All.Contains(check, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{prefix}:Policy:CheckDue:{check} is not a check: one of {string.Join(", ", Stage1Checks.All)}.");
            }
            else if (!ClockSpan.TryParse(span, out var due) || due.Unit == SpanUnit.WorkingHours)
            {
                failures.Add($"{prefix}:Policy:CheckDue:{check} '{span}' is not a span such as '4 Weeks' or '20 WorkingDays'.");
            }
        }
    }

    /// <summary>How long records are kept: never less than the law says.</summary>
    private static void Retention(string prefix, PolicyOptions policy, List<string> failures)
    {
        var retention = policy.Retention;
        foreach (var (key, value, floor) in new[]
        {
            ("Enquiry", retention.Enquiry, (ClockSpan?)null),
            ("RefusedOrWithdrawn", retention.RefusedOrWithdrawn, RetentionRules.StatutoryRefusedOrWithdrawn),
            ("ApprovalEnded", retention.ApprovalEnded, RetentionRules.StatutoryApprovalEnded),
            ("Audit", retention.Audit, null),
        })
        {
            if (!ClockSpan.TryParse(value, out var span) || span.IsWorkingTime)
            {
                failures.Add($"{prefix}:Policy:Retention:{key} '{value}' is not a period such as '3 Years' or '24 Months'.");
            }
            else if (floor is { } least && !span.AtLeast(least))
            {
                failures.Add($"{prefix}:Policy:Retention:{key} '{value}' is shorter than the law's {least} (Fostering Services (England) Regulations 2011).");
            }
        }
    }

    /// <summary>Each clock's own limit, warning and escalation.</summary>
    private static void Clocks(string prefix, PolicyOptions policy, List<string> failures)
    {
        foreach (var (clock, own) in policy.Clocks)
        {
            if (!Enum.TryParse<ClockName>(clock, ignoreCase: true, out _))
            {
                failures.Add($"{prefix}:Policy:Clocks:{clock} is not a clock.");
            }

            if (own.Limit is not null && !ClockSpan.TryParse(own.Limit, out _))
            {
                failures.Add($"{prefix}:Policy:Clocks:{clock}:Limit '{own.Limit}' is not a span such as '8 Weeks'.");
            }
            else if (string.Equals(clock, nameof(ClockName.PanelPapers), StringComparison.OrdinalIgnoreCase) && own.Limit is not null && ClockSpan.Parse(own.Limit).Unit == SpanUnit.WorkingHours)
            {
                failures.Add($"{prefix}:Policy:Clocks:{clock}:Limit counts back from the panel date in working days, days, weeks or months, not working hours.");
            }

            if (own.EscalateAfter is not null && !ClockSpan.TryParse(own.EscalateAfter, out _))
            {
                failures.Add($"{prefix}:Policy:Clocks:{clock}:EscalateAfter '{own.EscalateAfter}' is not a span.");
            }

            if (own.WarnWhenRemaining is <= 0 or >= 1)
            {
                failures.Add($"{prefix}:Policy:Clocks:{clock}:WarnWhenRemaining must be between 0 and 1.");
            }
        }
    }
}
