using System.Text.Json;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Pages;
using FosteringWorkflows.Policies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FosteringWorkflows.Journeys.Pages;

/// <summary>
/// The journey page and its steps' forms, for any staff member of the journey's council. Each form posts to the same
/// engine method as its API twin (<see cref="JourneySteps"/>, the event read by the API's own <c>ParseEvent</c>), then
/// redirects back to the journey with a banner; a form without its antiforgery token is refused (400) and records nothing.
/// </summary>
public static class JourneyPages
{
    public static IEndpointRouteBuilder MapJourneyPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/journeys/{id}", ShowAsync).RequireAuthorization(StaffPolicies.SignedIn).ExcludeFromDescription();
        app.MapGet("/journeys/{id}/steps/{step}", StepAsync).RequireAuthorization(StaffPolicies.SignedIn).ExcludeFromDescription();
        app.MapPost("/journeys/{id}/steps/{step}", RecordAsync).RequireAuthorization(StaffPolicies.SignedIn).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(
        string id, string? done, HttpContext http, JourneyStore store, PolicyBook policies, CouncilDirectory councils, TimeProvider time, CancellationToken ct)
    {
        if (PageResults.NoRole(http, NoRoleHeading) is { } refused)
        {
            return refused;
        }

        var loaded = await store.LoadAsync(id, LoadDepth.Everything, cancellationToken: ct);
        AccessAudit.Note(http, council: loaded?.Journey.LocalAuthority);
        if (loaded is not { } found || !Caller.From(http.User).CanSee(found.Journey.LocalAuthority))
        {
            return NotFound(http);
        }

        var policy = await policies.ByVersionAsync(found.Journey.PolicyVersion, ct);
        var model = JourneyPageModel.Build(found.Journey, found.History, policy, councils, time.GetUtcNow(), done, http.User.IsInRole(nameof(StaffRole.Admin)));
        return PageResults.Show<JourneyView>(http, new { Frame = PageFrame.For(http, $"{found.Journey.Applicant.FirstName} {found.Journey.Applicant.LastName}", PageFrame.WorkPath), Model = model });
    }

    private static async Task<IResult> StepAsync(string id, string step, HttpContext http, JourneyStore store, CouncilDirectory councils, CancellationToken ct)
    {
        if (PageResults.NoRole(http, NoRoleHeading) is { } refused)
        {
            return refused;
        }

        var (journey, form) = await FindAsync(id, step, http, store, councils, ct);
        if (journey is null)
        {
            return NotFound(http);
        }

        return form is null
            ? DoesNotFit(http, journey)
            : Form(http, journey, form, new Dictionary<string, string>(), [], Guid.NewGuid().ToString("N"), StatusCodes.Status200OK);
    }

    private static async Task<IResult> RecordAsync(
        string id, string step, HttpContext http, JourneyStore store, JourneySteps steps, PolicyBook policies, CouncilDirectory councils,
        IAntiforgery antiforgery, TimeProvider time, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return PageResults.FormRefused(http, id);
        }

        if (PageResults.NoRole(http, NoRoleHeading) is { } refused)
        {
            return refused;
        }

        var (journey, form) = await FindAsync(id, step, http, store, councils, ct);
        if (journey is null)
        {
            return NotFound(http);
        }

        var posted = await http.Request.ReadFormAsync(ct);
        var caller = StaffSignIn.Acting(http.User);
        if (form is null)
        {
            // Sent twice: the first recorded the step and moved the journey on; the second has nothing left to do.
            var sentBefore = posted["formKey"].ToString() is { Length: > 0 } sent && journey.StepKeys.Any(k => k.Key == JourneyIds.Derive("step", caller.Name, sent));
            return sentBefore || (step == StepCatalogue.Withdraw && journey.Status == JourneyStatus.Withdrawn)
                ? SeeOther(http, $"/journeys/{journey.Id}?done={Uri.EscapeDataString(step)}")
                : DoesNotFit(http, journey);
        }

        var policy = await policies.ByVersionAsync(journey.PolicyVersion, ct);
        var submission = StepSubmission.Read(posted, form, policy.Calendar);
        var formKey = posted["formKey"].ToString() is { Length: > 0 and <= 100 } key && JourneyIds.IsValidKey(key) ? key : Guid.NewGuid().ToString("N");
        if (submission.Errors.Count > 0)
        {
            return Form(http, journey, form, submission.Values, submission.Errors, formKey, StatusCodes.Status400BadRequest);
        }

        var (result, errors) = await SendAsync(id, form, submission, caller, http.User.Identity?.Name ?? "", formKey, steps, time.GetUtcNow(), ct);
        AccessAudit.Note(http, council: result?.Council ?? journey.LocalAuthority);
        if (errors.Count > 0)
        {
            return Form(http, journey, form, submission.Values, errors, formKey, StatusCodes.Status400BadRequest);
        }

        switch (result!.Outcome)
        {
            case StepOutcome.Done:
                return SeeOther(http, $"/journeys/{journey.Id}?done={Uri.EscapeDataString(form.Step)}");
            case StepOutcome.NotFound:
                return NotFound(http);
            case StepOutcome.Invalid:
                var field = result.Field!.StartsWith("data.", StringComparison.Ordinal) ? result.Field[5..] : result.Field;
                var anchor = form.Fields.FirstOrDefault(f => f.Name == field)?.Anchor;
                return Form(http, journey, form, submission.Values, [new FieldError(anchor, result.Message!)], formKey, StatusCodes.Status400BadRequest);
            case StepOutcome.Refused when form.Step == StepCatalogue.Withdraw && result.Refusal!.Status == JourneyStatus.Withdrawn:
                // Sent twice (a double click): the first withdrew the applicant; the second has nothing left to do.
                return SeeOther(http, $"/journeys/{journey.Id}?done={Uri.EscapeDataString(form.Step)}");
            case StepOutcome.Refused:
                return Form(http, journey, form, submission.Values, [new FieldError(null, $"This cannot be recorded now: {result.Refusal!.Message}.")], formKey, StatusCodes.Status409Conflict);
            case StepOutcome.Forbidden:
                return Form(http, journey, form, submission.Values, [new FieldError(null, $"You cannot do this: {result.Message}")], formKey, StatusCodes.Status403Forbidden);
            case StepOutcome.KeyReused:
                return Form(http, journey, form, submission.Values,
                    [new FieldError(null, "This form was already sent with other answers. Go back to the journey and open the step again to record something new.")],
                    Guid.NewGuid().ToString("N"), StatusCodes.Status409Conflict);
            default:
                http.Response.Headers.RetryAfter = "1";
                return Form(http, journey, form, submission.Values, [new FieldError(null, "Others were changing this journey at the same moment, so nothing was recorded. Send the form again.")],
                    formKey, StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The step through the engine method its API twin calls, with the API's own reading of the event.</summary>
    private static async Task<(StepResult? Result, List<FieldError> Errors)> SendAsync(
        string id, StepForm form, StepSubmission submission, Caller caller, string me, string formKey, JourneySteps steps, DateTimeOffset now, CancellationToken ct)
    {
        var data = submission.Data;
        var field = (string name) => data.GetValueOrDefault(name) as string;
        switch (form.Step)
        {
            case StepCatalogue.Withdraw:
                var code = field("reasonCode")!;
                if (!JourneyEndpoints.WithdrawalCodes.Contains(code))
                {
                    return (null, [new FieldError("reasonCode", "Select why the applicant is withdrawing")]);
                }

                if (field("note") is { } note && Text.ProblemWithNote(note) is { } wrongNote)
                {
                    return (null, [new FieldError("note", wrongNote)]);
                }

                return (await steps.WithdrawAsync(id, caller, code, field("note")?.Trim(), ct), []);
            case StepCatalogue.Route:
                var target = field("localAuthority")!;
                if (form.Fields.Single(f => f.Name == "localAuthority").Options!.All(o => o.Value != target))
                {
                    return (null, [new FieldError("localAuthority", "Select a council from the list")]);
                }

                return ((await steps.RouteAsync(id, caller, target, ct)).Result, []);
            case StepCatalogue.ApprovalEnded:
                DateTimeOffset? endedAt = field("endedAt") is { } ended ? DateTimeOffset.Parse($"{ended}T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture) : null;
                return (await steps.EndApprovalAsync(id, caller, endedAt > now ? now : endedAt, ct), []);
        }

        if (form.Step == nameof(JourneyEventType.Allocated))
        {
            var choice = field("to");
            data["to"] = choice == StepCatalogue.Nobody ? null : choice == StepCatalogue.Colleague ? field("colleague") : me;
            data.Remove("colleague");
            if (choice == StepCatalogue.Colleague && data["to"] is null)
            {
                return (null, [new FieldError("colleague", "Enter your colleague's sign-in id")]);
            }
        }

        var request = new JourneyEventRequest(form.Step, null, JsonSerializer.SerializeToElement(data));
        var (journeyEvent, errors) = JourneyEndpoints.ParseEvent(request, now);
        if (errors.Count > 0)
        {
            return (null, [.. errors.Select(e => new FieldError(
                form.Fields.FirstOrDefault(f => $"data.{f.Name}" == e.Key)?.Anchor, e.Value[0]))]);
        }

        return (await steps.RecordEventAsync(id, caller, journeyEvent!, datedByCaller: false, (formKey, JourneyIds.Fingerprint(request)), ct), []);
    }

    /// <summary>Post-redirect-get: 303 See Other, so the browser fetches the journey page with GET.</summary>
    public static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<(Journey? Journey, StepForm? Form)> FindAsync(string id, string step, HttpContext http, JourneyStore store, CouncilDirectory councils, CancellationToken ct)
    {
        var loaded = await store.LoadAsync(id, LoadDepth.State, cancellationToken: ct);
        AccessAudit.Note(http, council: loaded?.Journey.LocalAuthority);
        if (loaded is not { } found || !Caller.From(http.User).CanSee(found.Journey.LocalAuthority))
        {
            return (null, null);
        }

        var me = http.User.Identity?.Name ?? "";
        return (found.Journey, StepCatalogue.For(step, found.Journey, councils, me, StaffSignIn.DisplayName(http.User) ?? me));
    }

    /// <summary>A step's form page (also used by Records for correcting the applicant's details).</summary>
    public static RazorComponentResult Form(HttpContext http, Journey journey, StepForm form, IReadOnlyDictionary<string, string> values, IReadOnlyList<FieldError> errors, string formKey, int status) =>
        PageResults.Show<StepView>(http, new
        {
            Frame = PageFrame.For(http, form.Name, PageFrame.WorkPath),
            JourneyId = journey.Id,
            ApplicantName = $"{journey.Applicant.FirstName} {journey.Applicant.LastName}",
            Form = form,
            Values = values,
            Errors = errors,
            FormKey = formKey,
        }, status);

    private static RazorComponentResult DoesNotFit(HttpContext http, Journey journey) =>
        PageResults.Message(http, StatusCodes.Status409Conflict, "Step not available", "This step does not fit the journey now",
            [$"The journey is at {Words.Stage(journey.Stage.ToString()).ToLowerInvariant()} ({Words.Status(journey.Status.ToString()).ToLowerInvariant()}). The journey page lists what can be recorded now."],
            $"/journeys/{journey.Id}", "Back to the journey");

    public static RazorComponentResult NotFound(HttpContext http) =>
        PageResults.Message(http, StatusCodes.Status404NotFound, "Not found", "Journey not found", ["There is no journey with this reference in your councils."], PageFrame.WorkPath, "Go to your work list");

    private const string NoRoleHeading = "You cannot see journeys";
}
