using System.Globalization;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
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
        app.MapGet("/signed-out", (string? failed, string? unconfigured) =>
        {
            var page = new Page().Heading(1, unconfigured is not null ? "Sign-in is not set up" : failed is not null ? "Sign-in did not work" : "You are signed out");
            page.Paragraph(unconfigured is not null ? "This service has no identity provider configured (AzureAd settings)."
                : failed is not null ? "The identity provider did not sign you in. Try again, or ask your administrator." : "You have signed out of the fostering recruitment reports.");
            page.Link("/sign-in", "Sign in");
            return Results.Content(page.Render("Signed out", null, null, null), Html);
        }).ExcludeFromDescription();
    }

    /// <summary>A path on this service to return to after signing in: never another site (<c>//host</c>, <c>/\host</c>, a scheme).</summary>
    public static bool IsLocal([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && url.All(c => c is > ' ' and < (char)127);

    private delegate Task BuildPage(Page page, ReportQuery query, ReportService reports, HttpContext http, CancellationToken cancellationToken);

    private static void MapPage(IEndpointRouteBuilder app, string path, string title, BuildPage build) =>
        app.MapGet(path, async (HttpContext http, ReportService reports, CouncilDirectory councils, IAntiforgery antiforgery, CancellationToken ct) =>
        {
            // No Cache-Control here: issuing the sign-out form's antiforgery token sets no-cache, no-store on every page.
            if (!IsManager(http))
            {
                return Refused(http, antiforgery, StatusCodes.Status403Forbidden, "You cannot see the reports",
                    "The reports are for managers. Your account does not have a manager's role for any council; ask your administrator if it should.");
            }

            var caller = Caller.From(http.User);
            var parsed = reports.Parse(http);
            var page = new Page().Heading(1, title);
            if (parsed.Query is not { } query)
            {
                ErrorSummary(page, parsed.Forbidden is { } forbidden ? new() { ["localAuthority"] = [forbidden] } : parsed.Errors);
                Filters(page, path, reports.Default(caller), caller, councils, ofsted: path == "/reports/ofsted");
                return Results.Content(Render(page, title, path, http, antiforgery), Html,
                    statusCode: parsed.Forbidden is null ? StatusCodes.Status400BadRequest : StatusCodes.Status403Forbidden);
            }

            page.Raw($"<p class=\"govuk-body-l\">{Page.E(string.Join(", ", query.Councils.Select(c => councils.Get(c).Name)))}</p>");
            Filters(page, path, query, caller, councils, ofsted: path == "/reports/ofsted");
            await build(page, query, reports, http, ct);
            return Results.Content(Render(page, title, path, http, antiforgery), Html);
        }).RequireAuthorization(StaffPolicies.SignedIn).RequireRateLimiting(ReportLimit.Policy).ExcludeFromDescription();

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
        BreachTrend(page, figures);

        page.Heading(2, "Time in stage", "m");
        StageChart(page, times);
        page.Link("/reports/time-in-stage" + http.Request.QueryString, "Time in stage in full", "with approvals within target");

        page.Heading(2, "This month against targets", "m");
        KpiTable(page, kpis, $"Targets for {thisMonth.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}");

        page.Heading(2, "Latest breaches", "m");
        BreachTable(page, sla.Breaches.OrderByDescending(b => b.DueAt).Take(20).ToList(), "The 20 most recent breaches", reports.ZoneOf);
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
        BreachTrend(page, figures);
        page.Heading(2, "Breaches", "m");
        BreachTable(page, sla.Breaches, "Every breach of a clock that started in the period", reports.ZoneOf);
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
            times.ApprovalsWithinTarget.Select(a => (IReadOnlyList<object?>)[a.LocalAuthority, Page.N(a.TargetDays), Page.N(a.Approvals), Page.N(a.WithinTarget), Page.Percent(a.Share)]),
            new HashSet<int> { 1, 2, 3, 4 });
        page.Link(Csv("/api/reports/time-in-stage.csv", http), "Download time in stage as CSV");
    }

    private static async Task KpisAsync(Page page, ReportQuery query, ReportService reports, HttpContext http, CancellationToken ct)
    {
        var kpis = await reports.KpisAsync(query, ct);
        Period(page, query);
        KpiTable(page, kpis, "Each month's figures against the council's targets");
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

    /// <summary>A page that says why there is nothing to show (403, 404), with the layout and the sign-out form.</summary>
    private static IResult Refused(HttpContext http, IAntiforgery antiforgery, int status, string heading, string text) =>
        Results.Content(Render(new Page().Heading(1, heading).Paragraph(text), status == StatusCodes.Status404NotFound ? "Not found" : "Not allowed", null, http, antiforgery),
            Html, statusCode: status);

    private static string Render(Page page, string title, string? active, HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var field = $"<input type=\"hidden\" name=\"{Page.E(tokens.FormFieldName)}\" value=\"{Page.E(tokens.RequestToken)}\">";
        return page.Render(title, active, http.User.Identity?.IsAuthenticated == true ? StaffSignIn.DisplayName(http.User) : null, field);
    }

    private static void Period(Page page, ReportQuery query) =>
        page.Paragraph($"From {Page.Date(query.From)} to {Page.Date(query.To)}.");

    private static void Filters(Page page, string path, ReportQuery query, Caller caller, CouncilDirectory councils, bool ofsted)
    {
        var mine = councils.Ids.Where(caller.CanSee).ToList();
        var html = new System.Text.StringBuilder($"<form method=\"get\" action=\"{path}\" class=\"fw-filters\" novalidate>");
        html.Append("<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"localAuthority\">Council</label><select class=\"govuk-select\" id=\"localAuthority\" name=\"localAuthority\">")
            .Append(CultureInfo.InvariantCulture, $"<option value=\"\"{(query.Councils.Count == mine.Count && mine.Count > 1 ? " selected" : "")}>All my councils</option>");
        foreach (var id in mine)
        {
            var selected = query.Councils.Count == 1 && query.Councils[0] == id ? " selected" : "";
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{Page.E(id)}\"{selected}>{Page.E(councils.Get(id).Name)}</option>");
        }

        if (query.Councils.Count > 1 && query.Councils.Count < mine.Count)
        {
            // A selection of several councils (from a link or an earlier query) stays the selection when the form is sent again.
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{Page.E(string.Join(',', query.Councils))}\" selected>{Page.E(string.Join(", ", query.Councils.Select(c => councils.Get(c).Name)))}</option>");
        }

        html.Append("</select></div>");
        if (ofsted)
        {
            html.Append("<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"year\">Year (April to March)</label><select class=\"govuk-select\" id=\"year\" name=\"year\">");
            for (var y = query.OfstedYear + 1; y >= query.OfstedYear - 5; y--)
            {
                var label = string.Create(CultureInfo.InvariantCulture, $"{y}-{(y + 1) % 100:00}");
                html.Append(CultureInfo.InvariantCulture, $"<option value=\"{label}\"{(y == query.OfstedYear ? " selected" : "")}>{label}</option>");
            }

            html.Append("</select></div>");
        }
        else
        {
            foreach (var (name, label, value) in new[] { ("from", "From", query.From), ("to", "To", query.To) })
            {
                html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"{name}\">{label}</label><input class=\"govuk-input govuk-input--width-10\" type=\"date\" id=\"{name}\" name=\"{name}\" value=\"{value:yyyy-MM-dd}\"></div>");
            }
        }

        html.Append("<div class=\"govuk-form-group\"><button type=\"submit\" class=\"govuk-button\">Show figures</button></div></form>");
        page.Raw(html.ToString());
    }

    private static void ErrorSummary(Page page, Dictionary<string, string[]> errors)
    {
        var html = new System.Text.StringBuilder("<div class=\"govuk-error-summary\" role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2><div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">");
        foreach (var (field, messages) in errors)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{Page.E(field)}: {Page.E(string.Join(" ", messages))}</li>");
        }

        page.Raw(html.Append("</ul></div></div>").ToString());
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

    private static void BreachTable(Page page, IReadOnlyList<SlaBreach> breaches, string caption, Func<string, TimeZoneInfo> zoneOf) =>
        page.Table(caption, ["Journey", "Council", "Clock", "Due", "Late by", "State"],
            breaches.Select(b => (IReadOnlyList<object?>)
            [
                Cell.Link($"/journeys/{b.JourneyId}", b.JourneyId), b.LocalAuthority, Words(b.Clock), Page.Time(b.DueAt, zoneOf(b.LocalAuthority)),
                Late(b.OverdueBy), b.Open ? Cell.Tag("Still open", "red") : b.Cancelled ? Cell.Tag("Withdrawn while late", "grey") : Cell.Tag("Done late", "grey"),
            ]));

    private static void FunnelChart(Page page, FunnelReport funnel)
    {
        page.Raw(Charts.HorizontalBars("funnel", "How many reached each step",
            [.. funnel.Stages.Select(s => new Bar(Words(s.Stage), s.Count, Page.N(s.Count)))]));
        page.Table("How many reached each step", ["Step", "Reached", "Conversion from the step before"],
            funnel.Stages.Select(s => (IReadOnlyList<object?>)[Words(s.Stage), Page.N(s.Count), Page.Percent(s.Conversion)]), new HashSet<int> { 1, 2 });
    }

    private static void StageChart(Page page, TimeInStageReport times)
    {
        var stages = times.Stages.Append(times.ApplicationToApproval).ToList();
        page.Raw(Charts.HorizontalBars("stages", "Median days in each stage",
            [.. stages.Select(s => new Bar(Words(s.Stage), s.MedianDays ?? 0, s.MedianDays is null ? "none" : $"{Page.N(s.MedianDays)} days"))]));
        page.Table("Days in each stage, of the stages that ended in the period", ["Stage", "Ended", "Median (days)", "90th percentile (days)"],
            stages.Select(s => (IReadOnlyList<object?>)[Words(s.Stage), Page.N(s.Count), Page.N(s.MedianDays), Page.N(s.P90Days)]), new HashSet<int> { 1, 2, 3 });
    }

    private static void BreachTrend(Page page, Figures figures)
    {
        var months = ReportBuilder.BreachesByMonth(figures);
        string Label(DateOnly m) => m.ToString("MMM yy", CultureInfo.GetCultureInfo("en-GB"));
        page.Raw(Charts.Columns("breach-trend", "Breaches each month, of clocks that started that month",
            [.. months.Select(m => new Bar(Label(m.Month), m.Breached, Page.N(m.Breached)))]));
        page.Table("Breaches each month", ["Month", "Breaches"],
            months.Select(m => (IReadOnlyList<object?>)[m.Month.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")), Page.N(m.Breached)]), new HashSet<int> { 1 });
    }

    private static void KpiTable(Page page, KpiReport kpis, string caption) =>
        page.Table(caption, ["Month", "Council", "Measure", "Figure", "Target", "Result"],
            kpis.Months.SelectMany(m => m.Measures.Select(k => (IReadOnlyList<object?>)
            [
                DateOnly.ParseExact(m.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")),
                m.LocalAuthority, Words(k.Measure), Page.N(k.Value), k.Target is { } t ? Page.N(t) : "No target",
                k.Met switch
                {
                    true => Cell.Tag("Met", "green"),
                    false => Cell.Tag("Missed", "red"),
                    null when k.Target is null => "–",
                    null => Cell.Tag("In progress", "blue"),
                },
            ])), new HashSet<int> { 3, 4 });

    private static Cell StatusTag(JourneyStatus status) => status switch
    {
        JourneyStatus.Active => Cell.Tag("Active", "blue"),
        JourneyStatus.Approved => Cell.Tag("Approved", "green"),
        JourneyStatus.Withdrawn => Cell.Tag("Withdrawn", "grey"),
        _ => Cell.Tag(Words(status.ToString()), "yellow"),
    };

    private static Cell ClockTag(Deadlines.Deadline d) => d.State switch
    {
        Deadlines.DeadlineState.Met => Cell.Tag("Met", "green"),
        Deadlines.DeadlineState.Breached when d.IsOpen => Cell.Tag("Overdue", "red"),
        Deadlines.DeadlineState.Breached => Cell.Tag("Breached", "orange"),
        Deadlines.DeadlineState.Cancelled => Cell.Tag("Cancelled", "grey"),
        _ => Cell.Tag("Running", "blue"),
    };

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
