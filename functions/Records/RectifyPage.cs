using FosteringWorkflows.Audit;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Journeys.Pages;
using FosteringWorkflows.Pages;
using Microsoft.AspNetCore.Antiforgery;

namespace FosteringWorkflows.Records;

/// <summary>
/// Correcting the applicant's details from the journey page (Admin, as the API's <c>PUT /api/journeys/{id}/applicant</c>):
/// the same validation as intake and the API, the same engine method, history naming only the fields that changed.
/// </summary>
public static class RectifyPage
{
    private const string Path = "/journeys/{id}/steps/" + StepCatalogue.Rectify;

    public static IEndpointRouteBuilder MapRectifyPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).RequireAuthorization(StaffPolicies.SignedIn).ExcludeFromDescription();
        app.MapPost(Path, SaveAsync).RequireAuthorization(StaffPolicies.SignedIn).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(string id, HttpContext http, JourneyStore store, CancellationToken ct)
    {
        if (await FindAsync(id, http, store, ct) is not { } journey)
        {
            return Refusal(http);
        }

        var (a, c) = (journey.Applicant, journey.Consent);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["firstName"] = a.FirstName, ["lastName"] = a.LastName, ["email"] = a.Email ?? "", ["phone"] = a.Phone ?? "", ["postcode"] = a.Postcode ?? "",
            ["preferredChannel"] = a.PreferredChannel ?? "", ["preferredContactFrom"] = a.PreferredContactFrom ?? "",
            ["consentSms"] = c.Sms ? "yes" : "no", ["consentEmail"] = c.Email ? "yes" : "no",
        };
        return JourneyPages.Form(http, journey, StepCatalogue.Known(StepCatalogue.Rectify)!, values, [], Guid.NewGuid().ToString("N"), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SaveAsync(string id, HttpContext http, JourneyStore store, JourneySteps steps, IAntiforgery antiforgery, TimeProvider time, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return PageResults.FormRefused(http, id);
        }

        if (await FindAsync(id, http, store, ct) is not { } journey)
        {
            return Refusal(http);
        }

        var form = StepCatalogue.Known(StepCatalogue.Rectify)!;
        var posted = await http.Request.ReadFormAsync(ct);
        var values = form.Fields.ToDictionary(f => f.Name, f => posted[f.Name].ToString(), StringComparer.Ordinal);
        string? Value(string name) => values[name].Trim() is { Length: > 0 } v ? v : null;
        var applicant = new ApplicantRequest(Value("firstName"), Value("lastName"), Value("email"), Value("phone"), Value("postcode"), Value("preferredChannel"), Value("preferredContactFrom"));
        var consent = new ConsentRequest(Value("consentSms") is { } sms ? sms == "yes" : null, Value("consentEmail") is { } email ? email == "yes" : null);
        var errors = new FieldErrors();
        EnquiryValidation.ValidateEnquirer(null, applicant, consent, time.GetUtcNow(), errors);
        if (errors.Count > 0)
        {
            return JourneyPages.Form(http, journey, form, values,
                [.. errors.ToDictionary().Select(e => new FieldError(EnquiryValidation.FormFieldOf(e.Key), $"{Label(form, EnquiryValidation.FormFieldOf(e.Key))}: {string.Join(" ", e.Value)}"))],
                Guid.NewGuid().ToString("N"), StatusCodes.Status400BadRequest);
        }

        var result = await steps.CorrectApplicantAsync(id, StaffSignIn.Acting(http.User),
            EnquiryValidation.ToApplicant(applicant), EnquiryValidation.ToConsent(consent), ct);
        AccessAudit.Note(http, council: result.Council);
        return result.IsDone
            ? JourneyPages.SeeOther(http, $"/journeys/{journey.Id}?done={StepCatalogue.Rectify}")
            : JourneyPages.Form(http, journey, form, values, [new FieldError(null, "Nothing was saved: the journey was being changed by others, or has gone. Try again.")],
                Guid.NewGuid().ToString("N"), StatusCodes.Status409Conflict);
    }

    /// <summary>The journey, for an Admin of its council; nobody else finds it here.</summary>
    private static async Task<Journey?> FindAsync(string id, HttpContext http, JourneyStore store, CancellationToken ct)
    {
        var loaded = await store.LoadAsync(id, LoadDepth.State, cancellationToken: ct);
        AccessAudit.Note(http, council: loaded?.Journey.LocalAuthority);
        return loaded is { } found && http.User.IsInRole(nameof(StaffRole.Admin)) && Caller.From(http.User).CanSee(found.Journey.LocalAuthority)
            ? found.Journey : null;
    }

    /// <summary>Not an Admin: the details are corrected by an Admin (403); an Admin of other councils does not find the journey (404).</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult Refusal(HttpContext http) =>
        http.User.IsInRole(nameof(StaffRole.Admin))
            ? JourneyPages.NotFound(http)
            : PageResults.Message(http, StatusCodes.Status403Forbidden, "Not allowed", "You cannot correct these details",
                ["An applicant's details are corrected by an administrator, who records the request. Ask yours."]);

    private static string Label(StepForm form, string field) => form.Fields.FirstOrDefault(f => f.Name == field)?.Label ?? field;
}
