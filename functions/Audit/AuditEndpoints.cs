using System.Globalization;
using CsvHelper;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;

namespace FosteringWorkflows.Audit;

/// <summary>The audit of access: recorded for every API call, read by Admin keys as JSON or CSV.</summary>
public static class AuditEndpoints
{
    /// <summary>The longest period one read covers, so that a read stays a bounded number of partitions.</summary>
    public const int MaxDays = 366;

    /// <summary>Records every call under <c>/api</c> (and the pages about journeys) once it has been answered, whoever made it and however it was answered.</summary>
    /// <remarks>
    /// It runs outside authentication and authorization, so refused calls (401, 403) are recorded too, and outside the
    /// endpoints, so a call that fails is recorded as the 500 the exception handler will answer.
    /// </remarks>
    public static void UseAccessAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The API, and the pages that show journeys or figures about them (the applicant's own page too: by its route, never its token).
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api", StringComparison.Ordinal) && !path.StartsWithSegments("/journeys", StringComparison.Ordinal)
            && !path.StartsWithSegments("/reports", StringComparison.Ordinal) && !path.StartsWithSegments("/dashboard", StringComparison.Ordinal)
            && !path.StartsWithSegments("/work", StringComparison.Ordinal) && !path.StartsWithSegments("/status", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var audit = context.RequestServices.GetRequiredService<AccessAudit>();
        try
        {
            await next(context);
        }
        catch (Exception e)
        {
            // As the exception handler will answer it: storage away is 503, anything else 500.
            var status = Storage.StorageErrors.IsUnavailable(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
            audit.RecordWhenSent(context, status);
            throw;
        }

        audit.RecordWhenSent(context, context.Response.StatusCode);
    });

    public static void MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ReadAsync).WithTags("Records").RequireAuthorization(StaffPolicies.Admin)
            .WithSummary("Who called the API on what, when and from where (Admin). Accept: text/csv for CSV.")
            .Produces<AuditPage>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        app.MapGet("/api/audit.csv", (HttpContext http, AccessAudit audit, CouncilDirectory councils, TimeProvider time, string? from, string? to, string? journeyId, CancellationToken ct) =>
                ReadAsync(http, audit, councils, time, from, to, journeyId, ct, csv: true))
            .WithTags("Records").RequireAuthorization(StaffPolicies.Admin).ExcludeFromDescription();
    }

    private static async Task<IResult> ReadAsync(
        HttpContext http, AccessAudit audit, CouncilDirectory councils, TimeProvider time, string? from, string? to, string? journeyId, CancellationToken cancellationToken,
        bool csv = false)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var last = Date(to, "to", today, errors);
        var first = Date(from, "from", last.AddDays(-6), errors);
        if (errors.Count == 0 && (first > last || last.DayNumber - first.DayNumber >= MaxDays))
        {
            errors["from"] = [$"On or before 'to', and at most {MaxDays} days before it."];
        }

        if (journeyId is not null && !AccessAudit.IsJourneyId(journeyId))
        {
            errors["journeyId"] = ["A journey id: 32 lower-case hexadecimal digits."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // An Admin key for some councils sees the calls about its councils' journeys; calls about no journey are for an
        // Admin of every council.
        var caller = Caller.From(http.User);
        var entries = (await audit.ReadAsync(first, last, councils.Ids.Where(caller.CanSee), withoutCouncil: caller.AllCouncils, cancellationToken))
            .Where(e => journeyId is null || e.Concerns(journeyId))
            .ToList();

        if (CsvReply.Wanted(http.Request, csv))
        {
            await using var writer = new StringWriter(CultureInfo.InvariantCulture);
            await using (var table = new CsvWriter(writer, CsvReply.Settings()))
            {
                // Instants are ISO 8601, like everywhere else.
                table.Context.TypeConverterOptionsCache.GetOptions<DateTimeOffset>().Formats = ["O"];
                await table.WriteRecordsAsync(entries, cancellationToken);
            }

            return CsvReply.Of(writer.ToString());
        }

        return TypedResults.Ok(new AuditPage(first, last, entries));
    }

    private static DateOnly Date(string? text, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = ["A date such as 2026-12-01 (UTC)."];
        return fallback;
    }
}
