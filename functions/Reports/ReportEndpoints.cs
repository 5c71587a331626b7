using System.Globalization;
using CsvHelper;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Hosting;

namespace FosteringWorkflows.Reports;

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
            .WithTags("Reports").WithSummary(summary + " Accept: text/csv for CSV.").RequireAuthorization(StaffPolicies.ManagerReports).RequireRateLimiting(ReportLimit.Policy)
            .Produces<T>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        app.MapGet($"/api/reports/{name}.csv", (HttpContext http, ReportService reports, CancellationToken ct) => Handle(http, reports, true, ct))
            .WithTags("Reports").RequireAuthorization(StaffPolicies.ManagerReports).RequireRateLimiting(ReportLimit.Policy).ExcludeFromDescription();
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
