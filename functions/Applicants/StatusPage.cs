using System.Globalization;
using System.Threading.RateLimiting;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Journeys.Pages;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Pages;
using FosteringWorkflows.Policies;
using Microsoft.AspNetCore.Antiforgery;

namespace FosteringWorkflows.Applicants;

/// <summary>
/// <c>/status/{token}</c>: the applicant's own page, opened by the personal link in every message to them, no sign-in. A token
/// is looked up by its hash (<see cref="StatusLinks"/>); one that opens nothing is 404 after the same reads as one that does,
/// and an address that keeps guessing is made to wait. Each form (antiforgery, a form key so a double submit records once)
/// goes through the engine as the applicant (<see cref="JourneySteps.ApplicantAsync"/>), and each view is audited without the token.
/// </summary>
public static class StatusPage
{
    public const string Path = "/status/{token}";

    /// <summary>Tokens that open nothing, from one address in 10 minutes, before it is made to wait.</summary>
    public const int MissesPerAddress = 30;

    /// <summary>The steps the page's forms take, by the last segment of the path they post to.</summary>
    public static readonly IReadOnlyList<string> Steps = ["contact", "stop-texts", "stop-emails", "call", "withdraw", "new-link"];

    /// <summary>The reasons an applicant can give for withdrawing, in their words, and the Ofsted code each is recorded as.</summary>
    public static IReadOnlyList<FormOption> WithdrawalReasons { get; } =
    [
        new("AW1", "Fostering is not what I expected"),
        new("AW2", "The assessment is not what I expected"),
        new("AW3", "Things have changed in my household"),
        new("AW4", "For financial reasons"),
        new("AW5", "I am worried about allegations being made against me"),
        new("AW0", "Another reason, or I would rather not say"),
    ];

    // Misses per address, on this replica (a guesser spread over replicas gains a few tries more, never a useful number).
    private static readonly PartitionedRateLimiter<string> Misses = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions { PermitLimit = MissesPerAddress, Window = TimeSpan.FromMinutes(10), QueueLimit = 0 }));

    public static IEndpointRouteBuilder MapStatusPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Path + "/{step}", SendAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapGet(Path + "/{step}", (HttpContext http) => NotFound(http)).AllowAnonymous().ExcludeFromDescription(); // a form's address is not a page
        app.MapGet("/status/new-link-sent", (HttpContext http) => PageResults.Message(http, StatusCodes.Status200OK, "New link sent", "We have sent you a new link",
            ["Use the link in the message we have just sent you. Earlier links no longer open your page."])).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(
        string token, string? done, HttpContext http, StatusLinks links, JourneyStore store, PolicyBook policies, CouncilDirectory councils, TimeProvider time, CancellationToken ct)
    {
        var (journey, refused) = await OpenAsync(token, http, links, store, ct);
        if (journey is null)
        {
            return refused!;
        }

        var policy = await policies.ByVersionAsync(journey.PolicyVersion, ct);
        await links.RecordViewAsync(journey.Id, time.GetUtcNow(), ct);
        return Page(http, StatusModel.Build(token, journey, policy, councils, time.GetUtcNow(), done, []), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SendAsync(
        string token, string step, HttpContext http, StatusLinks links, JourneyStore store, JourneySteps steps, PolicyBook policies, CouncilDirectory councils,
        IAntiforgery antiforgery, TimeProvider time, CancellationToken ct)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
        string? Value(string name) => form?[name].ToString().Trim() is { Length: > 0 } v ? v : null;
        var formKey = Value("formKey") is { Length: 32 } key && key.All(char.IsAsciiHexDigitLower) ? key : Guid.NewGuid().ToString("N");
        var once = $"{step}:{formKey}";
        // The new-link form sent twice (a double click): the second comes with the link the first ended, and finds it done.
        var (journey, refused) = await OpenAsync(token, http, links, store, ct,
            stale => step == "new-link" && stale.StepKeys.Exists(k => k.Key == JourneySteps.ApplicantStepKey(once)));
        if (journey is null)
        {
            return refused!;
        }

        if (!Steps.Contains(step))
        {
            return NotFound(http);
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return PageResults.Message(http, StatusCodes.Status400BadRequest, "Form not accepted", "This form could not be accepted",
                ["It was sent without the security token the page gave it, so nothing was changed. Open your page again and try again."], $"/status/{Uri.EscapeDataString(token)}", "Back to your page");
        }

        if (journey.LinkGeneration != LinkGenerationOf(http))
        {
            return JourneyPages.SeeOther(http, "/status/new-link-sent");
        }

        var errors = new List<FieldError>();
        Action<Journey, WorkflowContext>? change = null;
        switch (step)
        {
            case "contact":
                var channel = Value("preferredChannel");
                var from = Value("preferredContactFrom");
                if (channel is not (null or "sms" or "email"))
                {
                    errors.Add(new FieldError("preferredChannel", "Choose text message, email or no preference"));
                }

                if (from is not null && !TimeOnly.TryParseExact(from, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add(new FieldError("preferredContactFrom", "Choose a time from the list"));
                }

                change = (j, c) => Transitions.ChooseContact(j, channel, from, c);
                break;
            case "stop-texts":
                change = (j, c) => Transitions.StopChannel(j, MessageChannel.Sms, "status page", c);
                break;
            case "stop-emails":
                change = (j, c) => Transitions.StopChannel(j, MessageChannel.Email, "status page", c);
                break;
            case "call":
                var callFrom = Value("callFrom");
                if (callFrom is not null && !TimeOnly.TryParseExact(callFrom, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add(new FieldError("callFrom", "Choose a time from the list"));
                }

                change = (j, c) => Transitions.RequestCall(j, callFrom, c);
                break;
            case "withdraw":
                var reason = WithdrawalReasons.FirstOrDefault(r => r.Value == Value("reason"));
                var note = Value("note");
                if (reason is null)
                {
                    errors.Add(new FieldError("reason", "Choose why you are withdrawing"));
                }

                if (note is not null && Hosting.Text.ProblemWithNote(note) is { } wrongNote)
                {
                    errors.Add(new FieldError("note", wrongNote));
                }

                change = (j, c) => Transitions.ApplicantWithdraws(j, reason!.Value, reason.Label, note, c);
                break;
            default:
                change = Transitions.RequestNewLink;
                break;
        }

        var policy = await policies.ByVersionAsync(journey.PolicyVersion, ct);
        if (errors.Count > 0)
        {
            return Page(http, StatusModel.Build(token, journey, policy, councils, time.GetUtcNow(), null, errors), StatusCodes.Status400BadRequest);
        }

        // The page's forms share its key: each step is its own (another form sent from the same page is not the first one again).
        var result = await steps.ApplicantAsync(journey.Id, journey.LinkGeneration, once, change, ct);
        switch (result.Outcome)
        {
            case StepOutcome.Done when step == "new-link":
                return JourneyPages.SeeOther(http, "/status/new-link-sent");
            case StepOutcome.Done:
                return JourneyPages.SeeOther(http, $"/status/{Uri.EscapeDataString(token)}?done={step}");
            case StepOutcome.NotFound:
                return NotFound(http);
            case StepOutcome.Refused when step == "new-link":
                return Page(http, StatusModel.Build(token, journey, policy, councils, time.GetUtcNow(), null,
                    [new FieldError(null, $"We cannot send you a new link: you have stopped our texts and emails, or we have no address for them. Call the fostering team on {councils.Get(journey.LocalAuthority).ContactPhone}.")]),
                    StatusCodes.Status409Conflict);
            case StepOutcome.Refused:
                return Page(http, StatusModel.Build(token, journey, policy, councils, time.GetUtcNow(), null,
                    [new FieldError(null, $"This cannot be done now: your application is {Words.Status(journey.Status.ToString()).ToLowerInvariant()}.")]), StatusCodes.Status409Conflict);
            default:
                http.Response.Headers.RetryAfter = "1";
                return Page(http, StatusModel.Build(token, journey, policy, councils, time.GetUtcNow(), null,
                    [new FieldError(null, "Something else was changing your application at the same moment, so nothing was changed. Please send the form again.")]), StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>
    /// The journey the token opens (its current link, not purged), with its messages; else the answer to give. Every token,
    /// good or not, costs one read of its hash and one load of a journey (one that does not exist, for a token that names
    /// none), so the time taken says little; and an address past its misses is refused (429).
    /// </summary>
    private static async Task<(Journey? Journey, IResult? Refused)> OpenAsync(
        string token, HttpContext http, StatusLinks links, JourneyStore store, CancellationToken ct, Func<Journey, bool>? staleAllowed = null)
    {
        var address = Convert.ToString(http.Connection.RemoteIpAddress, CultureInfo.InvariantCulture) ?? "";
        AccessAudit.Note(http, actor: Transitions.ApplicantActor);
        if (Misses.GetStatistics(address)?.CurrentAvailablePermits == 0)
        {
            http.Response.Headers.RetryAfter = "600";
            return (null, PageResults.Message(http, StatusCodes.Status429TooManyRequests, "Too many tries", "Too many tries from your connection",
                ["Please wait a few minutes, then open the link in your latest message from us again."]));
        }

        var found = token.Length <= 64 ? await links.FindAsync(token, ct) : null;
        // A token that names nothing reads a journey that is not there: the same work as one that does.
        var loaded = await store.LoadAsync(found?.JourneyId ?? NoJourney, LoadDepth.Everything, cancellationToken: ct);
        if (found is { } ended && loaded is { } later && later.Journey.LinkGeneration == ended.Generation + 1 && staleAllowed?.Invoke(later.Journey) == true)
        {
            http.Items[GenerationKey] = ended.Generation;
            AccessAudit.Note(http, later.Journey.Id, later.Journey.LocalAuthority, Transitions.ApplicantActor);
            return (later.Journey, null);
        }

        if (found is not { } link || loaded is not { } journey || journey.Journey.LinkGeneration != link.Generation)
        {
            using var miss = Misses.AttemptAcquire(address);
            return (null, NotFound(http));
        }

        http.Items[GenerationKey] = link.Generation;
        AccessAudit.Note(http, journey.Journey.Id, journey.Journey.LocalAuthority, Transitions.ApplicantActor);
        return (journey.Journey, null);
    }

    private const string GenerationKey = "FosteringWorkflows.StatusLinkGeneration";

    /// <summary>The generation of the link this request came with.</summary>
    private static int LinkGenerationOf(HttpContext http) => http.Items[GenerationKey] is int generation ? generation : 0;

    private const string NoJourney = "00000000000000000000000000000000";

    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult NotFound(HttpContext http) =>
        PageResults.Message(http, StatusCodes.Status404NotFound, "Page not found", "Page not found",
            ["This link does not open a page. It may have been replaced by a newer one: use the link in your latest message from us, or call your council's fostering team."]);

    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult Page(HttpContext http, StatusModel model, int status) =>
        PageResults.Show<StatusView>(http, new { Frame = PageFrame.For(http, "Your fostering application"), Model = model, FormKey = Guid.NewGuid().ToString("N") }, status);
}
