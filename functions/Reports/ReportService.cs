using System.Globalization;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Policies;
using Microsoft.Extensions.Primitives;

namespace FosteringWorkflows.Reports;

/// <summary>Reads the figures for a query and builds each report: the one way the API and the pages get them.</summary>
public sealed class ReportService(FigureStore store, CouncilDirectory councils, PolicyBook policies, TimeProvider time)
{
    /// <summary>The longest period one report covers, so a report stays a bounded number of point reads.</summary>
    public const int MaxMonths = 36;

    /// <summary>The dates a report may name: nothing the service holds is older, and nothing later is meaningful.</summary>
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    private static readonly DateOnly Latest = new(2099, 12, 31);

    /// <summary>Today where the councils are (the first one's time zone: the councils one service runs share a country).</summary>
    public DateOnly Today(IReadOnlyList<string> scope) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), scope.Count > 0 ? policies.ZoneOf(scope[0]) : policies.DefaultZone).DateTime);

    public TimeZoneInfo ZoneOf(string council) => policies.ZoneOf(council);

    /// <summary>
    /// Reads a query from the request's parameters: <c>localAuthority</c> (repeated or comma-separated; default every council the
    /// caller covers), <c>from</c>/<c>to</c> (dates in the councils' own time zone; default the last 12 months to today), <c>clock</c>, <c>year</c>.
    /// </summary>
    public ParsedQuery Parse(HttpContext http)
    {
        var caller = Caller.From(http.User);
        var q = http.Request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var asked = Values(q["localAuthority"]);
        var unknown = asked.Where(a => !councils.Exists(a)).ToList();
        if (unknown.Count > 0)
        {
            errors["localAuthority"] = [$"Not a council this service runs: {string.Join(", ", unknown.Select(Text.Echo))}. Known: {string.Join(", ", councils.Ids)}."];
        }

        var fallback = Default(caller);
        var (from, to) = Period(q, fallback, errors);
        var clocks = Clocks(q, errors);
        var year = OfstedYear(q, fallback.OfstedYear, errors);
        if (errors.Count > 0)
        {
            return new ParsedQuery(null, errors, null);
        }

        var outside = asked.Where(a => !caller.CanSee(a)).ToList();
        if (outside.Count > 0)
        {
            return new ParsedQuery(null, errors, $"You do not cover {string.Join(", ", outside)}.");
        }

        var scope = asked.Count > 0
            ? asked.Select(a => councils.Canonical(a)!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : fallback.Councils;
        return new ParsedQuery(new ReportQuery(scope, from, to, clocks.Count > 0 ? clocks.Distinct().ToList() : fallback.Clocks, year), errors, null);
    }

    /// <summary>The period asked for (<c>from</c>, <c>to</c>): at most <see cref="MaxMonths"/> months, <c>from</c> not after <c>to</c>.</summary>
    private static (DateOnly From, DateOnly To) Period(IQueryCollection q, ReportQuery fallback, Dictionary<string, string[]> errors)
    {
        var to = Date(q["to"], "to", fallback.To, errors);
        var from = Date(q["from"], "from", TwelveMonthsTo(to), errors);
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            if (from > to)
            {
                // Blame the date the caller gave: a 'from' after today with no 'to' is the 'from' at fault.
                if (q["to"] is { Count: > 0 } given && !string.IsNullOrEmpty(given.ToString()))
                {
                    errors["to"] = ["Not before 'from'."];
                }
                else
                {
                    errors["from"] = ["After today, which is where the period ends when 'to' is not given."];
                }
            }
            else if (((to.Year - from.Year) * 12) + to.Month - from.Month >= MaxMonths)
            {
                errors["from"] = [$"A report covers at most {MaxMonths} months; ask for a later 'from' or an earlier 'to'."];
            }
        }

        return (from, to);
    }

    /// <summary>The clocks asked for (<c>clock</c>, repeated or comma-separated); none asked is every clock.</summary>
    private static List<ClockName> Clocks(IQueryCollection q, Dictionary<string, string[]> errors)
    {
        var clocks = new List<ClockName>();
        foreach (var name in Values(q["clock"]))
        {
            if (Enum.TryParse<ClockName>(name, ignoreCase: false, out var clock) && Enum.IsDefined(clock) && !char.IsAsciiDigit(name[0]))
            {
                clocks.Add(clock);
            }
            else
            {
                errors["clock"] = [$"'{Text.Echo(name)}' is not a clock. Clocks: {string.Join(", ", Enum.GetNames<ClockName>())}."];
            }
        }

        return clocks;
    }

    /// <summary>The April–March year asked for (<c>year</c>, such as 2026-27), else the one today is in.</summary>
    private static int OfstedYear(IQueryCollection q, int fallback, Dictionary<string, string[]> errors)
    {
        var year = fallback;
        if (q["year"] is { Count: > 0 } y)
        {
            var text = y.ToString();
            if (text.Length == 7 && text[4] == '-' && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var end) && end == (start + 1) % 100
                && start >= Earliest.Year && start < Latest.Year)
            {
                year = start;
            }
            else
            {
                errors["year"] = ["An April–March year such as 2026-27 (1 April 2026 to 31 March 2027)."];
            }
        }

        return year;
    }

    /// <summary>What a report covers when nothing is asked: every council the caller covers, every clock, the twelve calendar
    /// months to today, and the April–March year today is in.</summary>
    public ReportQuery Default(Caller caller)
    {
        List<string> scope = [.. councils.Ids.Where(caller.CanSee)];
        var today = Today(scope);
        return new ReportQuery(scope, TwelveMonthsTo(today), today,
            [.. Enum.GetValues<ClockName>()], today.Month >= 4 ? today.Year : today.Year - 1);
    }

    /// <summary>The first day of the twelfth calendar month ending with the one <paramref name="to"/> is in.</summary>
    private static DateOnly TwelveMonthsTo(DateOnly to) => new DateOnly(to.Year, to.Month, 1).AddMonths(-11);

    public async Task<SlaReport> SlaAsync(ReportQuery query, CancellationToken cancellationToken) =>
        Sla(await FiguresAsync(query, cancellationToken), query);

    public SlaReport Sla(Figures figures, ReportQuery query)
    {
        var rules = policies.Current(query.Councils.Count > 0 ? query.Councils[0] : councils.Ids.First()).Policy.Clocks;
        return ReportBuilder.Sla(figures, query.Councils, query.Clocks, c => rules.TryGetValue(c, out var r) && r.Limit.IsWorkingTime, time.GetUtcNow());
    }

    public async Task<FunnelReport> FunnelAsync(ReportQuery query, CancellationToken cancellationToken) =>
        ReportBuilder.Funnel(await FiguresAsync(query, cancellationToken), query.Councils);

    public async Task<TimeInStageReport> TimeInStageAsync(ReportQuery query, CancellationToken cancellationToken) =>
        TimeInStage(await FiguresAsync(query, cancellationToken), query);

    public TimeInStageReport TimeInStage(Figures figures, ReportQuery query) =>
        ReportBuilder.TimeInStage(figures, query.Councils, c => councils.Get(c).Targets.ApprovalWithinDays);

    public async Task<KpiReport> KpisAsync(ReportQuery query, CancellationToken cancellationToken) =>
        Kpis(await FiguresAsync(query, cancellationToken), query);

    public KpiReport Kpis(Figures figures, ReportQuery query) => ReportBuilder.Kpis(figures, query.Councils, c => councils.Get(c).Targets, Today(query.Councils));

    public async Task<OfstedReport> OfstedAsync(ReportQuery query, CancellationToken cancellationToken) =>
        ReportBuilder.Ofsted(await ReadAsync(query.Councils, query.OfstedFrom, query.OfstedTo, cancellationToken), query.Councils, query.OfstedYear);

    /// <summary>The figures of the query's councils and period, read once for as many reports as a page shows.</summary>
    public Task<Figures> FiguresAsync(ReportQuery query, CancellationToken cancellationToken) =>
        ReadAsync(query.Councils, query.From, query.To, cancellationToken);

    private async Task<Figures> ReadAsync(IReadOnlyList<string> scope, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        return new Figures(await store.ReadAsync(scope, months, cancellationToken), from, to);
    }

    private static List<string> Values(StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static DateOnly Date(StringValues text, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (text.Count == 0 || string.IsNullOrEmpty(text.ToString()))
        {
            return fallback;
        }

        if (text.Count == 1 && DateOnly.TryParseExact(text.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date >= Earliest && date <= Latest)
        {
            return date;
        }

        errors[name] = [$"A date such as 2026-12-01, from {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}."];
        return fallback;
    }
}
