using System.Globalization;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Journeys.Pages;
using FosteringWorkflows.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace FosteringWorkflows.Reports.Pages;

/// <summary>
/// The managers' pages: the dashboard and a page per report, server-rendered (no script needed), each figure in a table and
/// each chart beside its table, with the report's CSV a link away. Signed in through OpenID Connect; a signed-out visitor is
/// sent to sign in; staff who are not managers are told they cannot see the reports (403).
/// </summary>
public static class ReportPages
{
    private const string Html = "text/html; charset=utf-8";

    public static void MapReportPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/work")).ExcludeFromDescription();
        MapPage(app, "/dashboard", "Recruitment dashboard", DashboardAsync);
        MapPage(app, "/reports/sla", "Service levels", SlaAsync);
        MapPage(app, "/reports/funnel", "Funnel", FunnelAsync);
        MapPage(app, "/reports/time-in-stage", "Time in stage", TimeInStageAsync);
        MapPage(app, "/reports/kpis", "Targets", KpisAsync);
        MapPage(app, "/reports/ofsted", "Ofsted figures", OfstedAsync);
        app.MapGet("/sign-in", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/work" },
            [StaffSignIn.CookieScheme])).ExcludeFromDescription();
        // Signed in, so the antiforgery token is checked against the same person it was issued to.
        app.MapPost("/sign-out", SignOutAsync).RequireAuthorization(StaffPolicies.SignedIn).ExcludeFromDescription();
        app.MapGet("/signed-out", (HttpContext http, string? failed, string? unconfigured) => PageResults.Message(http, StatusCodes.Status200OK, "Signed out",
            unconfigured is not null ? "Sign-in is not set up" : failed is not null ? "Sign-in did not work" : "You are signed out",
            [unconfigured is not null ? "This service has no identity provider configured (AzureAd settings)."
                : failed is not null ? "The identity provider did not sign you in. Try again, or ask your administrator." : "You have signed out of fostering recruitment."],
            "/sign-in", "Sign in")).ExcludeFromDescription();
    }

    /// <summary>A path on this service to return to after signing in: never another site (<c>//host</c>, <c>/\host</c>, a scheme).</summary>
    public static bool IsLocal([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && url.All(c => c is > ' ' and < (char)127);

    private delegate Task BuildPage(Page page, ReportQuery query, ReportService reports, HttpContext http, CancellationToken cancellationToken);

    private static void MapPage(IEndpointRouteBuilder app, string path, string title, BuildPage build) =>
        app.MapGet(path, async (HttpContext http, ReportService reports, CouncilDirectory councils, CancellationToken ct) =>
        {
            if (!IsManager(http))
            {
                return PageResults.Message(http, StatusCodes.Status403Forbidden, "Not allowed", "You cannot see the reports",
                    ["The reports are for managers. Your account does not have a manager's role for any council; ask your administrator if it should."]);
            }

            var caller = Caller.From(http.User);
            var typed = DateFields.Fold(http.Request);
            var parsed = reports.Parse(http);
            var ofsted = path == "/reports/ofsted";
            var page = new Page();
            if (parsed.Query is not { } query)
            {
                var errors = parsed.Forbidden is { } forbidden
                    ? [new FieldError("localAuthority", forbidden)]
                    : parsed.Errors.Select(e => new FieldError(e.Key is "from" or "to" ? $"{e.Key}-day" : e.Key, $"{FieldName(e.Key)}: {string.Join(" ", e.Value)}")).ToList();
                return Report(http, title, path, Filter(path, reports.Default(caller), caller, councils, ofsted, typed), errors, page,
                    parsed.Forbidden is null ? StatusCodes.Status400BadRequest : StatusCodes.Status403Forbidden);
            }

            page.Lead(string.Join(", ", query.Councils.Select(c => councils.Get(c).Name)));
            await build(page, query, reports, http, ct);
            return Report(http, title, path, Filter(path, query, caller, councils, ofsted, null), [], page, StatusCodes.Status200OK);
        }).RequireAuthorization(StaffPolicies.SignedIn).RequireRateLimiting(ReportLimit.Policy).ExcludeFromDescription();

    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult Report(
        HttpContext http, string title, string path, ReportFilter filter, IReadOnlyList<FieldError> errors, Page page, int status) =>
        PageResults.Show<ReportView>(http, new { Frame = PageFrame.For(http, title, path), Title = title, Filter = filter, Errors = errors, Blocks = page.Blocks }, status);

    private static string FieldName(string field) => field switch
    {
        "from" => "From",
        "to" => "To",
        "localAuthority" => "Council",
        "year" => "Year",
        _ => field,
    };

    private static async Task DashboardAsync(Page page, ReportQuery query, ReportService reports, HttpContext http, CancellationToken ct)
    {
        var figures = await reports.FiguresAsync(query, ct);
        var sla = reports.Sla(figures, query);
        var funnel = ReportBuilder.Funnel(figures, query.Councils);
        var times = reports.TimeInStage(figures, query);
        var thisMonth = new DateOnly(reports.Today(query.Councils).Year, reports.Today(query.Councils).Month, 1);
        var kpis = reports.Kpis(figures.Between(thisMonth, reports.Today(query.Councils)), query with { From = thisMonth < query.From ? query.From : thisMonth });
        Period(page, query);

        page.Heading(2, "Service levels", "m");
        SlaTable(page, sla, "Clocks that started in the period");
        page.Link(Csv("/api/reports/sla.csv", http), "Download the service levels as CSV");

        page.Heading(2, "Funnel", "m");
        FunnelChart(page, funnel);
        page.Link("/reports/funnel" + http.Request.QueryString, "The funnel in full", "with withdrawals and routes");

        page.Heading(2, "Breaches by month", "m");
        BreachTrend(page, query, sla.Breaches, reports.ZoneOf);

        page.Heading(2, "Time in stage", "m");
        StageChart(page, times);
        page.Link("/reports/time-in-stage" + http.Request.QueryString, "Time in stage in full", "with approvals within target");

        page.Heading(2, "This month against targets", "m");
        KpiTable(page, kpis, $"Targets for {thisMonth.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}", http);

        page.Heading(2, "Latest breaches", "m");
        await BreachTableAsync(page, sla.Breaches.OrderByDescending(b => b.DueAt).Take(20).ToList(), "The 20 most recent breaches", reports.ZoneOf, http, ct);
        page.Link("/reports/sla" + http.Request.QueryString, "Every breach in the period");
        AccessAudit.NoteShown(http, sla.Breaches.Take(20).Select(b => (b.JourneyId, b.LocalAuthority)));
    }

    private static async Task SlaAsync(Page page, ReportQuery query, ReportService reports, HttpContext http, CancellationToken ct)
    {
        var figures = await reports.FiguresAsync(query, ct);
        var sla = reports.Sla(figures, query);
        Period(page, query);
        page.Heading(2, "Each clock", "m");
        SlaTable(page, sla, "Clocks that started in the period");
        page.Paragraph("Elapsed times are of the clocks that stopped: working hours for clocks set in working time, otherwise days.", "s");
        page.Heading(2, "Breaches by month", "m");
        BreachTrend(page, query, sla.Breaches, reports.ZoneOf);
        page.Heading(2, "Breaches", "m");
        await BreachTableAsync(page, sla.Breaches, "Every breach of a clock that started in the period", reports.ZoneOf, http, ct);
        page.Link(Csv("/api/reports/sla.csv", http), "Download the service levels and breaches as CSV");
        AccessAudit.NoteShown(http, sla.Breaches.Select(b => (b.JourneyId, b.LocalAuthority)));
    }

    private static async Task FunnelAsync(Page page, ReportQuery query, ReportService reports, HttpContext http, CancellationToken ct)
    {
        var funnel = await reports.FunnelAsync(query, ct);
        Period(page, query);
        FunnelChart(page, funnel);
        page.Paragraph($"Enquiry to approval: {Page.Percent(funnel.EnquiryToApproval)}.");
        page.Heading(2, "Withdrawals", "m");
        page.Table("Withdrawals by stage and Ofsted reason code", ["Stage", "Reason code", "Withdrawals"],
            funnel.Withdrawals.Select(w => (IReadOnlyList<object?>)[Words(w.Stage), w.ReasonCode, Page.N(w.Count)]), new HashSet<int> { 2 });
        foreach (var route in funnel.Routes)
        {
            page.Heading(2, $"Hub enquiries routed by {Words(route.RouteReason)}", "m");
            page.Table($"Funnel of hub enquiries routed by {Words(route.RouteReason)}", ["Step", "Reached", "Conversion from the step before"],
                route.Stages.Select(s => (IReadOnlyList<object?>)[Words(s.Stage), Page.N(s.Count), Page.Percent(s.Conversion)]), new HashSet<int> { 1, 2 });
        }

        page.Link(Csv("/api/reports/funnel.csv", http), "Download the funnel as CSV");
    }

    private static async Task TimeInStageAsync(Page page, ReportQuery query, ReportService reports, HttpContext http, CancellationToken ct)
    {
        var times = await reports.TimeInStageAsync(query, ct);
        Period(page, query);
        StageChart(page, times);
        page.Heading(2, "Approvals within target", "m");
        page.Table("Approvals whose assessment was complete within the council's target, counted from the application",
            ["Council", "Target (days)", "Approvals", "Within target", "Share"],
            times.ApprovalsWithinTarget.Where(a => Councils(http).IsCouncil(a.LocalAuthority))
                .Select(a => (IReadOnlyList<object?>)[Councils(http).Get(a.LocalAuthority).Name, Page.N(a.TargetDays), Page.N(a.Approvals), Page.N(a.WithinTarget), Page.Percent(a.Share)]),
            new HashSet<int> { 1, 2, 3, 4 });
        page.Link(Csv("/api/reports/time-in-stage.csv", http), "Download time in stage as CSV");
    }

    private static async Task KpisAsync(Page page, ReportQuery query, ReportService reports, HttpContext http, CancellationToken ct)
    {
        var kpis = await reports.KpisAsync(query, ct);
        Period(page, query);
        KpiTable(page, kpis, "Each month against the targets", http);
        page.Link(Csv("/api/reports/kpis.csv", http), "Download the targets as CSV");
    }

    private static async Task OfstedAsync(Page page, ReportQuery query, ReportService reports, HttpContext http, CancellationToken ct)
    {
        var ofsted = await reports.OfstedAsync(query, ct);
        page.Paragraph($"The year {ofsted.Year}: {Page.Date(ofsted.From)} to {Page.Date(ofsted.To)}, by the councils' local dates.");
        page.Table($"Counts for Ofsted's fostering data collection, {ofsted.Year}", ["Measure", "Count"],
        [
            ["Enquiries", Page.N(ofsted.Enquiries)], ["Applications", Page.N(ofsted.Applications)], ["Approvals", Page.N(ofsted.Approvals)],
            ["Applications not approved", Page.N(ofsted.NotApproved)], ["Withdrawals (all)", Page.N(ofsted.Withdrawals)],
            ["Applications withdrawn", Page.N(ofsted.ApplicationsWithdrawn)],
        ], new HashSet<int> { 1 });
        var stages = JourneyFacts.OfstedStages;
        page.Table("Withdrawals by reason code and stage", ["Reason code", .. stages.Select(Words), "Total"],
            ReportBuilder.ReasonCodes.Select(code =>
            {
                var counts = stages.Select(s => ofsted.WithdrawalsByReason.Single(w => w.Stage == s && w.ReasonCode == code).Count).ToList();
                return (IReadOnlyList<object?>)[code, .. counts.Select(Page.N), Page.N(counts.Sum())];
            }), new HashSet<int>(Enumerable.Range(1, stages.Count + 1)));
        page.Link(Csv("/api/reports/ofsted.csv", http), "Download the Ofsted figures as CSV");
    }

    /// <summary>One journey, for staff who can see its council: where it is, its clocks and what happened (404 otherwise).</summary>
    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, IConfiguration configuration)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem("The form's antiforgery token is missing or does not match.", statusCode: StatusCodes.Status400BadRequest, title: "Refused.");
        }

        var schemes = string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"])
            ? new[] { StaffSignIn.CookieScheme }
            : [StaffSignIn.CookieScheme, StaffSignIn.OidcScheme];
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/signed-out" }, schemes);
    }

    private static bool IsManager(HttpContext http) => http.User.IsInRole(nameof(StaffRole.Manager)) || http.User.IsInRole(nameof(StaffRole.Admin));

    private static void Period(Page page, ReportQuery query) =>
        page.Paragraph($"From {Page.Date(query.From)} to {Page.Date(query.To)}.");

    private static ReportFilter Filter(string path, ReportQuery query, Caller caller, CouncilDirectory councils, bool ofsted, IReadOnlyDictionary<string, string>? typed)
    {
        var mine = councils.Ids.Where(caller.CanSee).ToList();
        // A selection of several councils (from a link or an earlier query) stays the selection when the form is sent again.
        var several = query.Councils.Count > 1 && query.Councils.Count < mine.Count
            ? new FormOption(string.Join(',', query.Councils), string.Join(", ", query.Councils.Select(c => councils.Get(c).Name)))
            : null;
        return new ReportFilter(path, [.. mine.Select(c => new FormOption(c, councils.Get(c).Name))], query.Councils.Count == 1 ? query.Councils[0] : null,
            several, ofsted, typed ?? ReportFilter.DatesOf(query.From, query.To), query.OfstedYear);
    }

    private static void SlaTable(Page page, SlaReport sla, string caption) =>
        page.Table(caption, ["Clock", "Started", "Met", "Breached", "Open", "Open and overdue", "Median", "90th percentile"],
            sla.Clocks.Where(c => c.Started > 0).Select(c => (IReadOnlyList<object?>)
            [
                Words(c.Clock), Page.N(c.Started), Page.N(c.Met),
                c.Breached > 0 ? Cell.Tag($"{c.Breached} breached", "red") : Cell.Tag("None", "green"),
                Page.N(c.Open), c.OpenOverdue > 0 ? Cell.Tag($"{c.OpenOverdue} overdue", "orange") : "0",
                Elapsed(c.Median, c.Unit), Elapsed(c.P90, c.Unit),
            ]), new HashSet<int> { 1, 2, 4 });

    /// <summary>The most breaches a page names by applicant (each name is a point read of its journey); past it, by reference.</summary>
    private const int NamedBreaches = 500;

    /// <summary>
    /// Breaches, each naming its applicant (from the journey as it stands, read now) and its council by name, with how the
    /// clock ended in words: still open, done late, or ended late with its journey (withdrawn, or the decision made).
    /// </summary>
    private static async Task BreachTableAsync(Page page, IReadOnlyList<SlaBreach> breaches, string caption, Func<string, TimeZoneInfo> zoneOf, HttpContext http, CancellationToken ct)
    {
        var store = http.RequestServices.GetRequiredService<JourneyStore>();
        var journeys = new System.Collections.Concurrent.ConcurrentDictionary<string, Journey>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(breaches.Select(b => b.JourneyId).Distinct(StringComparer.Ordinal).Take(NamedBreaches),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (id, token) =>
            {
                if (await store.LoadAsync(id, LoadDepth.State, cancellationToken: token) is { } loaded)
                {
                    journeys[id] = loaded.Journey;
                }
            });
        var councils = Councils(http);
        page.Table(caption, ["Applicant", "Council", "Clock", "Due", "Late by", "State"],
            breaches.Select(b =>
            {
                var journey = journeys.GetValueOrDefault(b.JourneyId);
                var name = journey is null ? $"Reference {b.JourneyId}" : $"{journey.Applicant.FirstName} {journey.Applicant.LastName}";
                var ended = journey?.Status switch
                {
                    JourneyStatus.Withdrawn => "Withdrawn while late",
                    JourneyStatus.Approved => "Approved while late",
                    JourneyStatus.NotApproved => "Not approved while late",
                    _ => "Ended while late",
                };
                return (IReadOnlyList<object?>)
                [
                    Cell.Link($"/journeys/{b.JourneyId}", name), councils.Exists(b.LocalAuthority) ? councils.Get(b.LocalAuthority).Name : b.LocalAuthority,
                    Words(b.Clock), Page.Time(b.DueAt, zoneOf(b.LocalAuthority)), Late(b.OverdueBy),
                    b.Open ? Cell.Tag("Still open", "red") : b.Cancelled ? Cell.Tag(ended, "grey") : Cell.Tag("Done late", "grey"),
                ];
            }));
    }

    private static CouncilDirectory Councils(HttpContext http) => http.RequestServices.GetRequiredService<CouncilDirectory>();

    private static void FunnelChart(Page page, FunnelReport funnel)
    {
        page.HorizontalBars("funnel", "How many reached each step", [.. funnel.Stages.Select(s => new Bar(Words(s.Stage), s.Count, Page.N(s.Count)))]);
        page.Table("How many reached each step", ["Step", "Reached", "Conversion from the step before"],
            funnel.Stages.Select(s => (IReadOnlyList<object?>)[Words(s.Stage), Page.N(s.Count), Page.Percent(s.Conversion)]), new HashSet<int> { 1, 2 });
    }

    private static void StageChart(Page page, TimeInStageReport times)
    {
        var stages = times.Stages.Append(times.ApplicationToApproval).ToList();
        page.HorizontalBars("stages", "Median days in each stage",
            [.. stages.Select(s => new Bar(Words(s.Stage), s.MedianDays ?? 0, s.MedianDays is null ? "none" : $"{Page.N(s.MedianDays)} days"))]);
        page.Table("Days in each stage, of the stages that ended in the period", ["Stage", "Ended", "Median (days)", "90th percentile (days)"],
            stages.Select(s => (IReadOnlyList<object?>)[Words(s.Stage), Page.N(s.Count), Page.N(s.MedianDays), Page.N(s.P90Days)]), new HashSet<int> { 1, 2, 3 });
    }

    /// <summary>Breaches counted by the month each clock fell due (breached), in its council's zone, over the period's months.</summary>
    private static void BreachTrend(Page page, ReportQuery query, IReadOnlyList<SlaBreach> breaches, Func<string, TimeZoneInfo> zoneOf)
    {
        var counts = breaches.GroupBy(b => { var local = TimeZoneInfo.ConvertTime(b.DueAt, zoneOf(b.LocalAuthority)); return new DateOnly(local.Year, local.Month, 1); })
            .ToDictionary(g => g.Key, g => g.Count());
        var months = new List<(DateOnly Month, int Breached)>();
        for (var month = new DateOnly(query.From.Year, query.From.Month, 1); month <= query.To; month = month.AddMonths(1))
        {
            months.Add((month, counts.GetValueOrDefault(month)));
        }

        string Label(DateOnly m) => m.ToString("MMM yy", CultureInfo.GetCultureInfo("en-GB"));
        page.Columns("breach-trend", "Breaches each month, by the month the clock fell due",
            [.. months.Select(m => new Bar(Label(m.Month), m.Breached, Page.N(m.Breached)))]);
        page.Table("Breaches each month, by the month the clock fell due", ["Month", "Breaches"],
            months.Select(m => (IReadOnlyList<object?>)[m.Month.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")), Page.N(m.Breached)]), new HashSet<int> { 1 });
    }

    /// <summary>
    /// Each council's months against its targets: a chart of its enquiries each month, and a table with a row a month and a
    /// column a measure (the figure, the target and whether it was met), rather than a row per council, month and measure.
    /// </summary>
    private static void KpiTable(Page page, KpiReport kpis, string caption, HttpContext http)
    {
        var councils = Councils(http);
        var en = CultureInfo.GetCultureInfo("en-GB");
        string Month(string month) => DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("MMMM yyyy", en);
        static string Result(KpiMeasure k) =>
            $"{Page.N(k.Value)}{(k.Target is { } t ? $" of {Page.N(t)}" : "")}{k.Met switch { true => ": met", false => ": missed", null when k.Target is null => "", null => ": in progress" }}";
        var measures = kpis.Months.SelectMany(m => m.Measures.Select(k => k.Measure)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var council in kpis.Months.Select(m => m.LocalAuthority).Distinct(StringComparer.Ordinal).Where(councils.IsCouncil))
        {
            var months = kpis.Months.Where(m => m.LocalAuthority == council).ToList();
            var name = councils.Get(council).Name;
            if (months.Count > 1)
            {
                page.Columns($"kpi-{council}", $"{name}: enquiries each month",
                    [.. months.Select(m => new Bar(
                        DateOnly.ParseExact(m.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("MMM yy", en),
                        m.Measures.FirstOrDefault(k => k.Measure == "Enquiries")?.Value ?? 0,
                        Page.N(m.Measures.FirstOrDefault(k => k.Measure == "Enquiries")?.Value ?? 0)))]);
            }

            page.Table($"{caption}: {name}", ["Month", .. measures.Select(Words)],
                months.Select(m => (IReadOnlyList<object?>)[Month(m.Month), .. measures.Select(measure => m.Measures.FirstOrDefault(k => k.Measure == measure) is { } k
                    ? (object)(k.Met == false ? Cell.Tag(Result(k), "red") : k.Met == true ? Cell.Tag(Result(k), "green") : Result(k)) : "–")]));
        }
    }

    private static string Elapsed(double? value, string unit) =>
        value is null ? "–" : Count(value.Value, unit == "workingHours" ? "working hour" : "day");

    /// <summary>How late, in calendar time (a working-time clock's lateness is not in working hours).</summary>
    private static string Late(string isoDuration)
    {
        var span = System.Xml.XmlConvert.ToTimeSpan(isoDuration);
        return span.TotalDays >= 1 ? $"{Count((int)span.TotalDays, "day")} {Count(span.Hours, "hour")}" : $"{Count(span.Hours, "hour")} {Count(span.Minutes, "minute")}";
    }

    private static string Count(double value, string unit) => $"{Page.N(value)} {unit}{(value == 1 ? "" : "s")}";

    private static string Csv(string path, HttpContext http) => path + http.Request.QueryString;

    /// <summary>A name in words: "InitialVisitToApplication" → "Initial visit to application".</summary>
    public static string Words(string name)
    {
        var words = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsAsciiDigit(c) && char.IsLetter(name[i - 1]))
            {
                words.Append(' ').Append(c);
            }
            else if (i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || char.IsAsciiDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                // A lone capital (the F of Form F) or the start of an abbreviation keeps its case.
                var keep = i + 1 >= name.Length || char.IsUpper(name[i + 1]) || char.IsAsciiDigit(name[i + 1]);
                words.Append(' ').Append(keep ? c : char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(i == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return words.ToString();
    }
}
