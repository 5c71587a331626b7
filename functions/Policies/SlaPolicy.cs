using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FosteringWorkflows.Calendar;

namespace FosteringWorkflows.Policies;

/// <summary>
/// One council's SLA policy as data. Its <see cref="Version"/> is derived from its content, so every instance
/// that reads the same settings names the same version, and a changed setting is a new version that
/// applies to new journeys only.
/// </summary>
public sealed record SlaPolicy(
    string LocalAuthority,
    string WorkingDayStart,
    string WorkingDayEnd,
    IReadOnlyList<DayOfWeek> WorkingDays,
    string TimeZone,
    string BankHolidays,
    bool ConcurrentStages,
    ClockSpan KeepInTouchEvery,
    SortedDictionary<ClockName, ClockRule> Clocks,
    IReadOnlyList<string>? RequiredChecks = null,
    bool AgencyDecisionFromMinutes = false,
    IReadOnlyList<string>? MemberChecks = null,
    SortedDictionary<string, ClockSpan>? CheckDue = null,
    RetentionRules? Retention = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The defaults of <c>../shared/domain.md</c>.</summary>
    public static SortedDictionary<ClockName, ClockSpan> DefaultLimits => new()
    {
        [ClockName.EnquiryResponse] = new(2, SpanUnit.WorkingHours),
        [ClockName.InitialVisit] = new(5, SpanUnit.WorkingDays),
        [ClockName.ProgressDecision] = new(3, SpanUnit.WorkingDays),
        [ClockName.Stage1] = new(8, SpanUnit.Weeks),
        [ClockName.FormF] = new(16, SpanUnit.Weeks),
        [ClockName.AgencyDecision] = new(7, SpanUnit.Days),
        [ClockName.Panel] = new(8, SpanUnit.Months),
        [ClockName.PanelPapers] = new(5, SpanUnit.WorkingDays),
        [ClockName.Stage1Notice] = new(10, SpanUnit.WorkingDays),
        [ClockName.AgencyDecisionFromMinutes] = new(7, SpanUnit.WorkingDays),
    };

    /// <summary>The checks this policy requires of each applicant (a version stored before the list existed requires the defaults).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Required => RequiredChecks ?? Stage1Checks.RequiredByDefault;

    /// <summary>The checks this policy requires of each adult household member who is not an applicant.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> RequiredOfMembers => MemberChecks ?? Stage1Checks.MemberRequiredByDefault;

    /// <summary>How long the council keeps an ended journey's records (a version stored before the rules existed keeps the defaults).</summary>
    [JsonIgnore]
    public RetentionRules Keep => Retention ?? RetentionRules.Default;

    /// <summary>How long a check may take before the team is told it is overdue.</summary>
    public ClockSpan DueWithin(string check) =>
        CheckDue is not null && CheckDue.TryGetValue(check, out var own) ? own : Stage1Checks.DueByDefault[check];

    [JsonIgnore]
    public string Version => $"{LocalAuthority}-{ContentHash()}";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SlaPolicy FromJson(string json) =>
        JsonSerializer.Deserialize<SlaPolicy>(json, Json) ?? throw new InvalidDataException("Empty policy.");

    public WorkingCalendar CalendarWith(BankHolidays holidays)
    {
        if (!Calendar.BankHolidays.TryParseDivision(BankHolidays, out var division))
        {
            throw new InvalidDataException($"Unknown bank-holiday division '{BankHolidays}'.");
        }

        var week = new WorkingWeek(
            TimeOnly.Parse(WorkingDayStart, CultureInfo.InvariantCulture),
            TimeOnly.Parse(WorkingDayEnd, CultureInfo.InvariantCulture),
            WorkingDays.ToHashSet(),
            TimeZoneInfo.FindSystemTimeZoneById(TimeZone),
            division);
        return new WorkingCalendar(holidays, week);
    }

    private string ContentHash()
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(ToJson()));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 6));
    }
}
