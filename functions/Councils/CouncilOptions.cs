using System.Globalization;
using FosteringWorkflows.Calendar;
using FosteringWorkflows.Policies;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Councils;

/// <summary>The councils this service runs, keyed by id (<c>Councils__hertfordshire__Name</c>).</summary>
public sealed class CouncilsOptions
{
    public const string Section = "Councils";

    public Dictionary<string, CouncilOptions> Items { get; } = new(StringComparer.OrdinalIgnoreCase);
}

public enum OwnerKind
{
    /// <summary>A local authority that assesses and approves carers.</summary>
    Council,

    /// <summary>A regional hub's sub-cluster triage team: holds enquiries until a council is chosen.</summary>
    TriageTeam,
}

public sealed class CouncilOptions
{
    public string Name { get; set; } = "";

    public OwnerKind Kind { get; set; } = OwnerKind.Council;

    /// <summary>Postcode districts routed here by a hub: "PO1-PO6,PO8" (a range stays within one area).</summary>
    public string PostcodeDistricts { get; set; } = "";

    /// <summary>Experienced carers who befriend new enquirers, each with how many at once.</summary>
    public List<BuddyOptions> Buddies { get; } = [];

    /// <summary>The recruitment team's shared mailbox: warnings and breach alerts go here.</summary>
    public string TeamEmail { get; set; } = "";

    /// <summary>The team manager: escalations go here.</summary>
    public string ManagerEmail { get; set; } = "";

    /// <summary>The number applicants are given to call.</summary>
    public string ContactPhone { get; set; } = "";

    /// <summary>The regional hub sub-cluster the council belongs to, if any.</summary>
    public string? SubCluster { get; set; }

    public PolicyOptions Policy { get; set; } = new();

    /// <summary>Which providers send this council's texts and emails, and their credentials.</summary>
    public Notifications.MessagingOptions Messaging { get; set; } = new();

    /// <summary>What the council's managers are held to: monthly counts and the share of approvals within a time.</summary>
    public TargetOptions Targets { get; set; } = new();
}

/// <summary>A council's targets (<c>Councils__hertfordshire__Targets__Enquiries = 25</c>); a monthly target left unset is not reported against.</summary>
public sealed class TargetOptions
{
    /// <summary>Enquiries a month.</summary>
    public int? Enquiries { get; set; }

    /// <summary>Initial visits completed a month.</summary>
    public int? InitialVisits { get; set; }

    /// <summary>Invitations to Skills to Foster training a month.</summary>
    public int? SkillsToFosterInvitations { get; set; }

    /// <summary>Approvals should have taken at most this many days from the application to the assessment's completion.</summary>
    public int ApprovalWithinDays { get; set; } = 90;
}

/// <summary>A council's overrides of the default SLA policy; anything unset takes the default.</summary>
public sealed class PolicyOptions
{
    public bool ConcurrentStages { get; set; }

    public string WorkingDayStart { get; set; } = "09:00";

    public string WorkingDayEnd { get; set; } = "17:00";

    public string WorkingDays { get; set; } = "Monday,Tuesday,Wednesday,Thursday,Friday";

    public string TimeZone { get; set; } = "Europe/London";

    public string BankHolidays { get; set; } = "england-and-wales";

    /// <summary>Staff are warned when this share of a clock's allowed time remains.</summary>
    public decimal WarnWhenRemaining { get; set; } = 0.25m;

    /// <summary>How long a clock may stay breached before the team manager is told.</summary>
    public string EscalateAfter { get; set; } = "1 WorkingDays";

    public string KeepInTouchEvery { get; set; } = "7 Days";

    public Dictionary<string, ClockOptions> Clocks { get; } = new(StringComparer.OrdinalIgnoreCase);

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

/// <summary>A council's record-keeping periods (calendar days, weeks, months or years), over <see cref="RetentionRules.Default"/>.</summary>
public sealed class RetentionOptions
{
    public string Enquiry { get; set; } = RetentionRules.Default.Enquiry.ToString();

    public string RefusedOrWithdrawn { get; set; } = RetentionRules.Default.RefusedOrWithdrawn.ToString();

    public string ApprovalEnded { get; set; } = RetentionRules.Default.ApprovalEnded.ToString();

    public string Audit { get; set; } = RetentionRules.Default.Audit.ToString();
}

public sealed class BuddyOptions
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public int Capacity { get; set; } = 3;
}

public sealed class ClockOptions
{
    public string? Limit { get; set; }

    public decimal? WarnWhenRemaining { get; set; }

    public string? EscalateAfter { get; set; }
}

/// <summary>Refuses to start with a council whose settings cannot work, naming the setting.</summary>
internal sealed class CouncilsOptionsValidator : IValidateOptions<CouncilsOptions>
{
    public ValidateOptionsResult Validate(string? name, CouncilsOptions options)
    {
        var failures = new List<string>();
        if (options.Items.Count == 0)
        {
            failures.Add("No councils are configured (Councils__<id>__Name).");
        }

        foreach (var (id, council) in options.Items)
        {
            var prefix = $"Councils:{id}";
            if (!IsId(id))
            {
                failures.Add($"{prefix}: a council id is lower-case letters, digits and hyphens.");
            }

            if (string.IsNullOrWhiteSpace(council.Name))
            {
                failures.Add($"{prefix}:Name is required.");
            }

            if (council.Targets is { } t && (t.Enquiries < 0 || t.InitialVisits < 0 || t.SkillsToFosterInvitations < 0 || t.ApprovalWithinDays is < 1 or > 3660))
            {
                failures.Add($"{prefix}:Targets: monthly targets are 0 or more; ApprovalWithinDays is 1 to 3660.");
            }

            if (string.IsNullOrWhiteSpace(council.TeamEmail))
            {
                failures.Add($"{prefix}:TeamEmail is required: staff alerts go there.");
            }

            var messaging = council.Messaging;
            if (!TimeOnly.TryParse(messaging.QuietHoursStart, CultureInfo.InvariantCulture, out _) || !TimeOnly.TryParse(messaging.QuietHoursEnd, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"{prefix}:Messaging:QuietHoursStart/QuietHoursEnd must be times such as 21:00 and 08:00.");
            }

            if (messaging.Sms is not (Notifications.ProviderKind.Dev or Notifications.ProviderKind.Notify or Notifications.ProviderKind.Acs)
                || messaging.Email is not (Notifications.ProviderKind.Dev or Notifications.ProviderKind.Notify or Notifications.ProviderKind.SendGrid))
            {
                failures.Add($"{prefix}:Messaging: texts go by Dev, Notify or Acs; emails by Dev, Notify or SendGrid.");
            }

            if ((messaging.Sms == Notifications.ProviderKind.Notify || messaging.Email == Notifications.ProviderKind.Notify) && !messaging.Notify.IsConfigured)
            {
                failures.Add($"{prefix}:Messaging:Notify:ApiKey is required to send through GOV.UK Notify.");
            }

            if (messaging.Sms == Notifications.ProviderKind.Notify && messaging.Notify.SmsTemplateId is null)
            {
                failures.Add($"{prefix}:Messaging:Notify:SmsTemplateId is required (a Notify text template whose content is ((body))).");
            }

            if (messaging.Email == Notifications.ProviderKind.Notify && messaging.Notify.EmailTemplateId is null)
            {
                failures.Add($"{prefix}:Messaging:Notify:EmailTemplateId is required (a Notify email template: subject ((subject)), content ((body))).");
            }

            if (messaging.Sms == Notifications.ProviderKind.Acs && (!messaging.Acs.IsConfigured || string.IsNullOrWhiteSpace(messaging.Acs.From)))
            {
                failures.Add($"{prefix}:Messaging:Acs: Endpoint, AccessKey and From are required to send texts through Azure Communication Services.");
            }

            if (messaging.Email == Notifications.ProviderKind.SendGrid && (!messaging.SendGrid.IsConfigured || string.IsNullOrWhiteSpace(messaging.SendGrid.FromEmail)))
            {
                failures.Add($"{prefix}:Messaging:SendGrid: ApiKey and FromEmail are required to send email through SendGrid.");
            }

            var policy = council.Policy;
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

            if (!Calendar.BankHolidays.TryParseDivision(policy.BankHolidays, out _))
            {
                failures.Add($"{prefix}:Policy:BankHolidays must be england-and-wales, scotland or northern-ireland.");
            }

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

            if (policy.RequiredCheckList is var required && (required.Count == 0 || required.Any(c => !Stage1Checks.All.Contains(c, StringComparer.Ordinal))))
            {
                failures.Add($"{prefix}:Policy:RequiredChecks '{policy.RequiredChecks}' must list checks from {string.Join(", ", Stage1Checks.All)}.");
            }

            if (policy.MemberCheckList.Any(c => !Stage1Checks.All.Contains(c, StringComparer.Ordinal)))
            {
                failures.Add($"{prefix}:Policy:MemberChecks '{policy.MemberChecks}' must list checks from {string.Join(", ", Stage1Checks.All)} (or be empty).");
            }

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

        var districts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, council) in options.Items)
        {
            if (!PostcodeDistricts.TryExpand(council.PostcodeDistricts, out var expanded))
            {
                failures.Add($"Councils:{id}:PostcodeDistricts '{council.PostcodeDistricts}' must list districts or ranges such as 'PO1-PO6,SO14'.");
                continue;
            }

            foreach (var district in expanded)
            {
                if (!districts.TryAdd(district, id))
                {
                    failures.Add($"Councils:{id}:PostcodeDistricts: {district} is already routed to {districts[district]}.");
                }
            }

            if (council.Kind == OwnerKind.TriageTeam && (expanded.Count > 0 || council.Buddies.Count > 0))
            {
                failures.Add($"Councils:{id}: a triage team takes no postcode districts and no buddies.");
            }

            foreach (var buddy in council.Buddies)
            {
                if (!IsId(buddy.Id) || string.IsNullOrWhiteSpace(buddy.Name) || buddy.Capacity < 1)
                {
                    failures.Add($"Councils:{id}:Buddies: each buddy needs an Id (lower-case letters, digits, hyphens), a Name and a Capacity of at least 1.");
                }
            }

            if (council.Buddies.Select(b => b.Id).Distinct(StringComparer.Ordinal).Count() != council.Buddies.Count)
            {
                failures.Add($"Councils:{id}:Buddies: buddy ids must be unique.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsId(string id) =>
        id.Length is > 0 and <= 63 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
