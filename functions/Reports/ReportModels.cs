using System.Globalization;
using System.Xml;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Reports;

/// <summary>How a figure is written in a report's CSV cell: invariant numbers, instants as the JSON writes them.</summary>
internal static class CsvCell
{
    public static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? N(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>An instant as the JSON writes it: ISO 8601 with its offset, no trailing zeros in the fraction.</summary>
    public static string? N(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}

/// <summary>A report as a table: column names and rows of cells, for CSV and for the pages' data tables.</summary>
public interface ITabular
{
    IReadOnlyList<string> Columns { get; }

    IEnumerable<IReadOnlyList<string?>> Cells();
}

/// <summary>
/// One clock's cohort: of those <see cref="Started"/>, each is met, stopped late, cancelled (the journey ended, or the clock was
/// re-timed: <see cref="Cancelled"/>) or still open; <see cref="Breached"/> counts those that passed their due time, stopped
/// late or not.
/// </summary>
public sealed record SlaClock(
    string Clock, string Unit, int Started, int Met, int Breached, int Open, int OpenOverdue,
    double? MedianHours, double? P90Hours, double? Median, double? P90, int Cancelled);

/// <summary>A breach: <see cref="Cancelled"/> when the clock ended with its journey (a withdrawal) rather than by its step.</summary>
public sealed record SlaBreach(
    string JourneyId, string LocalAuthority, string Clock, DateTimeOffset DueAt, string OverdueBy, DateTimeOffset? EndedAt, bool Open, bool Cancelled);

/// <summary>
/// Each clock's outcomes for the clocks that started in the period, and the breaches among them. Elapsed times are of the
/// clocks that stopped: in working hours for clocks set in working time, otherwise in days (<see cref="SlaClock.Unit"/>);
/// <c>medianHours</c> and <c>p90Hours</c> give the same in hours.
/// </summary>
public sealed record SlaReport(
    IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, DateTimeOffset AsOf, IReadOnlyList<SlaClock> Clocks, IReadOnlyList<SlaBreach> Breaches)
    : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } =
    [
        "section", "clock", "unit", "started", "met", "breached", "open", "openOverdue", "medianHours", "p90Hours", "median", "p90", "cancelled",
        "journeyId", "localAuthority", "dueAt", "overdueBy", "endedAt", "breachOpen", "breachCancelled",
    ];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        Clocks.Select(c => (IReadOnlyList<string?>)
            ["clock", c.Clock, c.Unit, CsvCell.N(c.Started), CsvCell.N(c.Met), CsvCell.N(c.Breached), CsvCell.N(c.Open), CsvCell.N(c.OpenOverdue), CsvCell.N(c.MedianHours), CsvCell.N(c.P90Hours), CsvCell.N(c.Median), CsvCell.N(c.P90), CsvCell.N(c.Cancelled),
                null, null, null, null, null, null, null])
        .Concat(Breaches.Select(b => (IReadOnlyList<string?>)
            ["breach", b.Clock, null, null, null, null, null, null, null, null, null, null, null, b.JourneyId, b.LocalAuthority, CsvCell.N(b.DueAt), b.OverdueBy, CsvCell.N(b.EndedAt),
                b.Open ? "true" : "false", b.Cancelled ? "true" : "false"]));

}

public sealed record FunnelStage(string Stage, int Count, double? Conversion);

public sealed record WithdrawalCount(string Stage, string ReasonCode, int Count);

public sealed record RouteFunnel(string RouteReason, IReadOnlyList<FunnelStage> Stages);

/// <summary>How many reached each step in the period, the conversion from the step before, and the withdrawals.</summary>
public sealed record FunnelReport(
    IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, IReadOnlyList<FunnelStage> Stages, double? EnquiryToApproval,
    IReadOnlyList<WithdrawalCount> Withdrawals, IReadOnlyList<RouteFunnel> Routes) : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } = ["section", "routeReason", "stage", "reasonCode", "count", "conversion"];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        Stages.Select(s => (IReadOnlyList<string?>)["stage", null, s.Stage, null, CsvCell.N(s.Count), CsvCell.N(s.Conversion)])
            .Append(["enquiryToApproval", null, null, null, null, CsvCell.N(EnquiryToApproval)])
            .Concat(Withdrawals.Select(w => (IReadOnlyList<string?>)["withdrawal", null, w.Stage, w.ReasonCode, CsvCell.N(w.Count), null]))
            .Concat(Routes.SelectMany(r => r.Stages.Select(s => (IReadOnlyList<string?>)["route", r.RouteReason, s.Stage, null, CsvCell.N(s.Count), CsvCell.N(s.Conversion)])));
}

public sealed record StageTime(string Stage, int Count, double? MedianDays, double? P90Days);

public sealed record ApprovalTarget(string LocalAuthority, int TargetDays, int Approvals, int WithinTarget, double? Share);

/// <summary>Days spent in each stage (by when it ended), application to approval, and the share of approvals within each council's target.</summary>
public sealed record TimeInStageReport(
    IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, IReadOnlyList<StageTime> Stages, StageTime ApplicationToApproval,
    IReadOnlyList<ApprovalTarget> ApprovalsWithinTarget) : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } =
        ["section", "stage", "count", "medianDays", "p90Days", "localAuthority", "targetDays", "approvals", "withinTarget", "share"];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        Stages.Append(ApplicationToApproval)
            .Select(s => (IReadOnlyList<string?>)["stage", s.Stage, CsvCell.N(s.Count), CsvCell.N(s.MedianDays), CsvCell.N(s.P90Days), null, null, null, null, null])
            .Concat(ApprovalsWithinTarget.Select(a => (IReadOnlyList<string?>)
                ["approvalTarget", null, null, null, null, a.LocalAuthority, CsvCell.N(a.TargetDays), CsvCell.N(a.Approvals), CsvCell.N(a.WithinTarget), CsvCell.N(a.Share)]));
}

public sealed record KpiMeasure(string Measure, int Value, int? Target, bool? Met);

/// <summary>One council's month. <see cref="Complete"/>: the whole month is in the period and over, so <c>met</c> is said.</summary>
public sealed record KpiMonth(string LocalAuthority, string Month, bool Complete, IReadOnlyList<KpiMeasure> Measures);

public sealed record KpiReport(IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, IReadOnlyList<KpiMonth> Months) : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } = ["localAuthority", "month", "complete", "measure", "value", "target", "met"];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        Months.SelectMany(m => m.Measures.Select(k => (IReadOnlyList<string?>)
            [m.LocalAuthority, m.Month, m.Complete ? "true" : "false", k.Measure, CsvCell.N(k.Value), k.Target is { } t ? CsvCell.N(t) : null,
                k.Met is { } met ? (met ? "true" : "false") : null]));
}

/// <summary>The counts Ofsted's annual fostering data collection asks for, for an April–March year.</summary>
/// <remarks><see cref="Withdrawals"/> counts every withdrawal; <see cref="ApplicationsWithdrawn"/> those after an application.</remarks>
public sealed record OfstedReport(
    string Year, IReadOnlyList<string> LocalAuthorities, DateOnly From, DateOnly To, int Enquiries, int Applications, int Approvals, int Withdrawals,
    IReadOnlyList<WithdrawalCount> WithdrawalsByReason, int NotApproved, int ApplicationsWithdrawn) : ITabular
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Columns { get; } = ["measure", "stage", "reasonCode", "count"];

    public IEnumerable<IReadOnlyList<string?>> Cells() =>
        new (string, int)[]
        {
            ("enquiries", Enquiries), ("applications", Applications), ("approvals", Approvals), ("notApproved", NotApproved),
            ("withdrawals", Withdrawals), ("applicationsWithdrawn", ApplicationsWithdrawn),
        }
            .Select(m => (IReadOnlyList<string?>)[m.Item1, null, null, CsvCell.N(m.Item2)])
            .Concat(WithdrawalsByReason.Select(w => (IReadOnlyList<string?>)["withdrawals", w.Stage, w.ReasonCode, CsvCell.N(w.Count)]));
}

/// <summary>Builds each report from the figures of a period. Pure: the figures come read.</summary>
public static class ReportBuilder
{
    public static readonly IReadOnlyList<string> ReasonCodes = ["AW0", "AW1", "AW2", "AW3", "AW4", "AW5"];

    public static SlaReport Sla(
        Figures f, IReadOnlyList<string> councils, IReadOnlyCollection<ClockName> clocks, Func<ClockName, bool> workingTime, DateTimeOffset now)
    {
        var rows = clocks.Order().Select(clock =>
        {
            var c = $"clock:{clock}";
            var (met, late) = (f.Count($"{c}:met"), f.Count($"{c}:late"));
            var breached = f.Count($"{c}:breached") - f.Count($"{c}:unbreached");
            var open = f.Count($"{c}:started") - met - late - f.Count($"{c}:cancelled") - f.Count($"{c}:superseded");
            var minutes = f.Minutes($"{c}:met", $"{c}:late");
            var (median, p90) = (Figures.Percentile(minutes, 0.5), Figures.Percentile(minutes, 0.9));
            var hoursClock = workingTime(clock);
            double? Unit(double? m) => Round(m / (hoursClock ? 60 : 1440));
            return new SlaClock(clock.ToString(), hoursClock ? "workingHours" : "days", f.Count($"{c}:started"), met, breached, Math.Max(0, open),
                Math.Max(0, breached - late - f.Count($"{c}:cancelledLate")), Round(median / 60), Round(p90 / 60), Unit(median), Unit(p90),
                f.Count($"{c}:cancelled") + f.Count($"{c}:superseded"));
        }).ToList();
        var names = clocks.Select(c => c.ToString()).ToHashSet(StringComparer.Ordinal);
        var breaches = f.Breaches().Where(b => names.Contains(b.Breach.Clock))
            .Select(b => new SlaBreach(b.Breach.JourneyId, b.Council, b.Breach.Clock, b.Breach.DueAt,
                Duration((b.Breach.EndedAt ?? now) - b.Breach.DueAt), b.Breach.EndedAt, b.Breach.EndedAt is null, b.Breach.Cancelled))
            .OrderBy(b => b.DueAt).ThenBy(b => b.JourneyId, StringComparer.Ordinal).ToList();
        return new SlaReport(councils, f.From, f.To, now, rows, breaches);
    }

    public static FunnelReport Funnel(Figures f, IReadOnlyList<string> councils)
    {
        var stages = Steps(f, step => $"step:{step}");
        var routes = f.CountersStartingWith("route:")
            .Select(k => k.Split(':')[1]).Distinct().Order(StringComparer.Ordinal)
            .Select(route => new RouteFunnel(route, Steps(f, step => $"route:{route}:step:{step}")))
            .ToList();
        var withdrawals = Withdrawals(f).Where(w => w.Count > 0).ToList();
        return new FunnelReport(councils, f.From, f.To, stages, Ratio(stages[^1].Count, stages[0].Count), withdrawals, routes);
    }

    public static TimeInStageReport TimeInStage(Figures f, IReadOnlyList<string> councils, Func<string, int> targetDays)
    {
        var stages = JourneyFacts.StageSpans.Select(s => Time(f, s.Stage)).ToList();
        var targets = councils.Select(council =>
        {
            var days = targetDays(council);
            var minutes = f.For(council).Minutes("time:ApplicationToAssessment");
            var within = minutes.Count(m => m <= days * 1440L);
            return new ApprovalTarget(council, days, minutes.Count, within, Ratio(within, minutes.Count));
        }).ToList();
        return new TimeInStageReport(councils, f.From, f.To, stages, Time(f, "ApplicationToApproval"), targets);
    }

    public static KpiReport Kpis(Figures f, IReadOnlyList<string> councils, Func<string, TargetOptions> targets, DateOnly today)
    {
        var months = new List<KpiMonth>();
        foreach (var council in councils)
        {
            var mine = f.For(council);
            var t = targets(council);
            for (var month = new DateOnly(f.From.Year, f.From.Month, 1); month <= f.To; month = month.AddMonths(1))
            {
                var end = month.AddMonths(1).AddDays(-1);
                var complete = month >= f.From && end <= f.To && end < today;
                var m = mine.Between(month, end);
                KpiMeasure Measure(string name, string step, int? target)
                {
                    var value = m.Count($"step:{step}");
                    return new KpiMeasure(name, value, target, complete && target is { } goal ? value >= goal : null);
                }

                months.Add(new KpiMonth(council, month.ToString("yyyy-MM", CultureInfo.InvariantCulture), complete,
                [
                    Measure("Enquiries", "Enquiry", t.Enquiries),
                    Measure("InitialVisits", "InitialVisit", t.InitialVisits),
                    Measure("SkillsToFosterInvitations", JourneyFacts.SkillsToFosterStep, t.SkillsToFosterInvitations),
                ]));
            }
        }

        return new KpiReport(councils, f.From, f.To, months);
    }

    public static OfstedReport Ofsted(Figures f, IReadOnlyList<string> councils, int startYear)
    {
        var withdrawals = Withdrawals(f).ToList();
        return new OfstedReport(
            string.Create(CultureInfo.InvariantCulture, $"{startYear}-{(startYear + 1) % 100:00}"), councils, f.From, f.To,
            f.Count("step:Enquiry"), f.Count("step:Application"), f.Count("step:Approval"), withdrawals.Sum(w => w.Count), withdrawals,
            f.Count("step:NotApproved"), withdrawals.Where(w => w.Stage != "BeforeApplication").Sum(w => w.Count));
    }

    /// <summary>Each month's breaches, of clocks that started that month (the period's first and last months only in part).</summary>
    public static IReadOnlyList<(DateOnly Month, int Breached)> BreachesByMonth(Figures f)
    {
        var months = new List<(DateOnly, int)>();
        for (var month = new DateOnly(f.From.Year, f.From.Month, 1); month <= f.To; month = month.AddMonths(1))
        {
            var m = f.Between(month, month.AddMonths(1).AddDays(-1));
            months.Add((month, Enum.GetValues<ClockName>().Sum(c => m.Count($"clock:{c}:breached") - m.Count($"clock:{c}:unbreached"))));
        }

        return months;
    }

    private static List<FunnelStage> Steps(Figures f, Func<string, string> counter)
    {
        var stages = new List<FunnelStage>();
        foreach (var (step, _, _) in JourneyFacts.FunnelSteps)
        {
            var count = f.Count(counter(step));
            stages.Add(new FunnelStage(step, count, stages.Count == 0 ? null : Ratio(count, stages[^1].Count)));
        }

        return stages;
    }

    private static IEnumerable<WithdrawalCount> Withdrawals(Figures f) =>
        from stage in JourneyFacts.OfstedStages
        from code in ReasonCodes
        select new WithdrawalCount(stage, code, f.Count($"withdrawn:{stage}:{code}"));

    private static StageTime Time(Figures f, string stage)
    {
        var minutes = f.Minutes($"time:{stage}");
        return new StageTime(stage, minutes.Count, Round(Figures.Percentile(minutes, 0.5) / 1440), Round(Figures.Percentile(minutes, 0.9) / 1440));
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    /// <summary>An ISO 8601 duration to the minute (<c>PT3H</c>, <c>P2DT4H30M</c>).</summary>
    public static string Duration(TimeSpan span) =>
        XmlConvert.ToString(TimeSpan.FromMinutes(Math.Floor(Math.Max(0, span.TotalMinutes))));
}
