using System.Globalization;
using System.Xml;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Reports;

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
