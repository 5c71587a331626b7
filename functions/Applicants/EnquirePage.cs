using System.Globalization;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys.Pages;
using FosteringWorkflows.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.RateLimiting;

namespace FosteringWorkflows.Applicants;

/// <summary>
/// <c>/enquire</c>: anyone may enquire about fostering without signing in. The form creates the journey through the same
/// intake as <c>POST /api/enquiries</c> (<see cref="IntakeService"/>: its validation, its acknowledgement), then shows a
/// confirmation with the reference. No key in the browser: an antiforgery token, a honeypot field, a limit per address,
/// the body limit, and the form's own key, so a second click makes one enquiry.
/// </summary>
public static class EnquirePage
{
    public const string Path = "/enquire";

    public const string LimitPolicy = "enquire";

    /// <summary>Enquiries a minute from one address before it is asked to wait (a household, an office behind one address: generous).</summary>
    private const int PerAddressPerTenMinutes = 20;

    /// <summary>Who the history names as taking an enquiry from the form.</summary>
    private const string Actor = "public-form";

    public static IServiceCollection AddEnquireLimit(this IServiceCollection services) => services.AddRateLimiter(o => o.AddPolicy(LimitPolicy, new EnquireLimit()));

    public static IEndpointRouteBuilder MapEnquirePages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Show).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Path, SendAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(LimitPolicy).ExcludeFromDescription();
        app.MapGet(Path + "/received", Received).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/privacy", (HttpContext http) => PageResults.Show<PrivacyView>(http, new { Frame = PageFrame.For(http, "Privacy notice") }))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult Show(HttpContext http, string? council, CouncilDirectory councils)
    {
        var chosen = council is not null && councils.IsCouncil(council.ToLowerInvariant()) ? council.ToLowerInvariant() : "";
        return FormPage(http, councils, new Dictionary<string, string>(StringComparer.Ordinal) { ["council"] = chosen }, [], StatusCodes.Status200OK);
    }

    private static async Task<IResult> SendAsync(HttpContext http, CouncilDirectory councils, IntakeService intake, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return PageResults.Message(http, StatusCodes.Status400BadRequest, "Form not accepted", "This form could not be accepted",
                ["It was sent without the security token the page gave it, so nothing was sent. Open the form again and send it from there."], Path, "Open the form again");
        }

        var posted = await http.Request.ReadFormAsync(ct);
        if (!string.IsNullOrEmpty(posted[EnquiryForm.Honeypot]))
        {
            // Only a robot fills in the field people cannot see: it is answered as a person would be, and nothing is recorded.
            return JourneyPages.SeeOther(http, $"{Path}/received?reference={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");
        }

        var values = EnquiryForm.Fields.ToDictionary(f => f, f => posted[f].ToString(), StringComparer.Ordinal);
        string? Value(string name) => values[name].Trim() is { Length: > 0 } v ? v : null;
        var council = Value("council") is { } named && named != EnquiryForm.NotSure ? named.ToLowerInvariant() : RouteByPostcode(Value("postcode"), councils);
        if (council is null)
        {
            return FormPage(http, councils, values,
                [new FieldError("council", Value("council") is null ? "Choose where you live, or I'm not sure" : "We could not tell your council from your postcode: choose it")],
                StatusCodes.Status400BadRequest);
        }

        var request = new EnquiryRequest(council, "web", null,
            new ApplicantRequest(Value("firstName"), Value("lastName"), Value("email"), Value("phone"), Value("postcode"), Value("preferredChannel"), Value("preferredContactFrom")),
            new ConsentRequest(Value("consentSms") == "yes", Value("consentEmail") == "yes"));
        // The form's own key and what it says: a second click of the same form finds the first enquiry; the same form
        // changed and sent again is another enquiry.
        var submission = posted["submission"].ToString() is { Length: 32 } key && key.All(char.IsAsciiHexDigitLower) ? key : "";
        var outcome = await intake.TakeAsync(request, Actor, submission.Length == 0 ? "" : $"{submission}|{Journeys.JourneyIds.Fingerprint(request)}", _ => true, ct);
        if (outcome.Errors is { } errors)
        {
            return FormPage(http, councils, values,
                [.. EnquiryForm.Fields.SelectMany(f => errors.Where(e => EnquiryValidation.FormFieldOf(e.Key) == f).Select(e => new FieldError(f, string.Join(" ", e.Value))))],
                StatusCodes.Status400BadRequest);
        }

        if (outcome.Journey is not { } journey)
        {
            return PageResults.Message(http, StatusCodes.Status409Conflict, "Not sent", "This enquiry could not be sent",
                ["An enquiry sent from this form earlier has since been deleted at the enquirer's request. Open the form again to send a new one."], Path, "Open the form again");
        }

        AccessAudit.Note(http, journey.Id, journey.LocalAuthority);
        return JourneyPages.SeeOther(http, $"{Path}/received?reference={journey.Id}&council={Uri.EscapeDataString(journey.LocalAuthority)}");
    }

    /// <summary>The confirmation: it shows the reference it was given and the council's name; it reads nothing stored.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult Received(HttpContext http, string? reference, string? council, CouncilDirectory councils) =>
        reference is not null && AccessAudit.IsJourneyId(reference)
            ? PageResults.Show<EnquiryReceivedView>(http, new
            {
                Frame = PageFrame.For(http, "Enquiry sent"),
                Reference = reference,
                Council = council is not null && councils.Exists(council) ? councils.Get(council).Name : null,
            })
            : PageResults.Message(http, StatusCodes.Status404NotFound, "Not found", "Page not found", ["This page shows the reference of an enquiry just sent."], Path, "Enquire about fostering");

    /// <summary>"I'm not sure": the council whose postcode districts hold the postcode, else the first triage team, as a hub routes.</summary>
    private static string? RouteByPostcode(string? postcode, CouncilDirectory councils) =>
        postcode is not null && EnquiryValidation.NormalisePostcode(postcode) is { } normal && councils.ForDistrict(PostcodeDistricts.Of(normal)) is { } council
            ? council
            : councils.TriageTeams.FirstOrDefault();

    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult FormPage(HttpContext http, CouncilDirectory councils, IReadOnlyDictionary<string, string> values, IReadOnlyList<FieldError> errors, int status) =>
        PageResults.Show<EnquireView>(http, new
        {
            Frame = PageFrame.For(http, "Enquire about fostering"),
            Form = new EnquiryForm(
                [.. councils.Ids.Where(councils.IsCouncil).Select(id => new FormOption(id, councils.Get(id).Name)).OrderBy(o => o.Label, StringComparer.Ordinal)],
                values, errors, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
        }, status);

    /// <summary>At most <see cref="PerAddressPerTenMinutes"/> enquiries in 10 minutes from one address; past it a page asks them to wait (429).</summary>
    private sealed class EnquireLimit : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (rejected, _) =>
        {
            rejected.HttpContext.Response.Headers.RetryAfter = "600";
            return new ValueTask(PageResults.Message(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many enquiries", "Too many enquiries from your connection",
                ["Please wait a few minutes and send your enquiry again, or phone your council's fostering team."], Path, "Enquire about fostering").ExecuteAsync(rejected.HttpContext));
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(Convert.ToString(httpContext.Connection.RemoteIpAddress, CultureInfo.InvariantCulture) ?? "", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = PerAddressPerTenMinutes,
                Window = TimeSpan.FromMinutes(10),
                QueueLimit = 0,
            });
    }
}
