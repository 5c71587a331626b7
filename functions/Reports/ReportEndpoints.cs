using System.Globalization;
using CsvHelper;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Policies;
using Microsoft.Extensions.Primitives;

namespace FosteringWorkflows.Reports;

/// <summary>What a report is asked for: the councils (within the caller's), the period, and for the SLA report the clocks.</summary>
public sealed record ReportQuery(IReadOnlyList<string> Councils, DateOnly From, DateOnly To, IReadOnlyList<ClockName> Clocks, int OfstedYear)
{
    public DateOnly OfstedFrom => new(OfstedYear, 4, 1);

    public DateOnly OfstedTo => OfstedFrom.AddYears(1).AddDays(-1);
}

/// <summary>A request's query as read: the query, or the fields at fault, or the councils the caller does not cover.</summary>
public sealed record ParsedQuery(ReportQuery? Query, Dictionary<string, string[]> Errors, string? Forbidden)
{
    public IResult? Problem => Errors.Count > 0 ? Problems.Validation(Errors) : Forbidden is not null ? Problems.Forbidden(Forbidden) : null;
}

/// <summary>Reads the figures for a query and builds each report: the one way the API and the pages get them.</summary>
public sealed class ReportService(FigureStore store, CouncilDirectory councils, PolicyBook policies, TimeProvider time)
{
    /// <summary>The longest period one report covers, so a report stays a bounded number of point reads.</summary>
    public const int MaxMonths = 36;

    /// <summary>The dates a report may name: nothing the service holds is older, and nothing later is meaningful.</summary>
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    private static readonly DateOnly Latest = new(2099, 12, 31);

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), London).DateTime);

    /// <summary>
    /// Reads a query from the request's parameters: <c>localAuthority</c> (repeated or comma-separated; default every council the
    /// caller covers), <c>from</c>/<c>to</c> (dates in Europe/London; default the last 12 months to today), <c>clock</c>, <c>year</c>.
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

        var year = fallback.OfstedYear;
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

    /// <summary>What a report covers when nothing is asked: every council the caller covers, every clock, the twelve calendar
    /// months to today, and the April–March year today is in.</summary>
    public ReportQuery Default(Caller caller)
    {
        var today = Today;
        return new ReportQuery([.. councils.Ids.Where(caller.CanSee)], TwelveMonthsTo(today), today,
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

    public KpiReport Kpis(Figures figures, ReportQuery query) => ReportBuilder.Kpis(figures, query.Councils, c => councils.Get(c).Targets, Today);

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

        errors[name] = [$"A date such as 2026-12-01 (Europe/London), from {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}."];
        return fallback;
    }
}

/// <summary>The managers' reports: JSON, or CSV with <c>Accept: text/csv</c> or a <c>.csv</c> path.</summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        Map(app, "sla", "SLA: each clock's met, breached, open and overdue counts, elapsed times, and the breaches.", (s, q, ct) => s.SlaAsync(q, ct));
        Map(app, "funnel", "The funnel: how many reached each step, the conversion between steps, withdrawals by Ofsted code and stage.", (s, q, ct) => s.FunnelAsync(q, ct));
        Map(app, "time-in-stage", "Days in each stage, application to approval, and approvals within each council's target.", (s, q, ct) => s.TimeInStageAsync(q, ct));
        Map(app, "kpis", "Each council's monthly figures against its targets.", (s, q, ct) => s.KpisAsync(q, ct));
        Map(app, "ofsted", "Ofsted's annual fostering data collection for an April–March year (year=2026-27).", (s, q, ct) => s.OfstedAsync(q, ct));
    }

    private static void Map<T>(IEndpointRouteBuilder app, string name, string summary, Func<ReportService, ReportQuery, CancellationToken, Task<T>> build)
        where T : ITabular
    {
        async Task<IResult> Handle(HttpContext http, ReportService reports, bool csv, CancellationToken ct)
        {
            var parsed = reports.Parse(http);
            if (parsed.Problem is { } problem)
            {
                return problem;
            }

            var query = parsed.Query!;
            var report = await build(reports, query, ct);
            if (report is SlaReport sla)
            {
                // The breach list names journeys: the audit records which, in each council's own audit.
                Audit.AccessAudit.NoteShown(http, sla.Breaches.Select(b => (b.JourneyId, b.LocalAuthority)));
            }

            http.Response.Headers.CacheControl = "no-store";
            if (CsvReply.Wanted(http.Request, csv))
            {
                // The file says what it covers: the report, the councils and the period (or the Ofsted year).
                var period = name == "ofsted"
                    ? string.Create(CultureInfo.InvariantCulture, $"{query.OfstedYear}-{(query.OfstedYear + 1) % 100:00}")
                    : string.Create(CultureInfo.InvariantCulture, $"{query.From:yyyy-MM-dd}-to-{query.To:yyyy-MM-dd}");
                var who = query.Councils.Count == 1 ? query.Councils[0] : $"{query.Councils.Count}-councils";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-{who}-{period}.csv\"";
                return CsvReply.Of(Csv(report));
            }

            return TypedResults.Json(report);
        }

        app.MapGet($"/api/reports/{name}", (HttpContext http, ReportService reports, CancellationToken ct) => Handle(http, reports, false, ct))
            .WithTags("Reports").WithSummary(summary + " Accept: text/csv for CSV.").RequireAuthorization(StaffPolicies.ManagerReports)
            .Produces<T>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        app.MapGet($"/api/reports/{name}.csv", (HttpContext http, ReportService reports, CancellationToken ct) => Handle(http, reports, true, ct))
            .WithTags("Reports").RequireAuthorization(StaffPolicies.ManagerReports).ExcludeFromDescription();
    }

    /// <summary>A report as CSV.</summary>
    public static string Csv(ITabular report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CsvReply.Settings()))
        {
            foreach (var column in report.Columns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var row in report.Cells())
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell);
                }

                csv.NextRecord();
            }
        }

        return writer.ToString();
    }
}
