using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Policies;

using FosteringWorkflows.Audit;

namespace FosteringWorkflows.Hub;

/// <summary>
/// A regional hub's hand-off: <c>POST /api/hub/enquiries</c> (signed, idempotent, routed), the triage list and
/// <c>POST /api/journeys/{id}/route</c> to give a held enquiry to a council.
/// </summary>
public static partial class HubEndpoints
{
    public static void MapHub(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/hub/enquiries", ReceiveAsync).WithTags("Hub")
            .WithSummary("A regional hub hands over an enquiry (HMAC-signed; the same hubEnquiryId again returns the first answer).")
            .Accepts<HubEnquiryRequest>("application/json")
            .Produces<HubAnswer>(StatusCodes.Status202Accepted).Produces<HubAnswer>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapGet("/api/triage", TriageAsync).WithTags("Hub").RequireAuthorization(StaffPolicies.Officer)
            .WithSummary("Enquiries held by the triage teams this key covers, awaiting a council.")
            .Produces<JourneyPage>();
        app.MapPost("/api/journeys/{id}/route", RouteAsync).WithTags("Hub").RequireAuthorization(StaffPolicies.Officer)
            .WithSummary("Give a held (or misrouted) enquiry to a council. The enquiry clock keeps running from receipt.")
            .Accepts<RouteRequest>("application/json")
            .Produces<HubAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The journey id a hub enquiry gets: the same for every delivery of it, and different across hubs.</summary>
    public static string JourneyIdFor(string hubId, string hubEnquiryId) => JourneyIds.Derive(hubId, hubEnquiryId);

    /// <summary>Reads and checks a delivery (type, size, signature, allowance, fields), then hands it on and answers its outcome.</summary>
    private static async Task<IResult> ReceiveAsync([AsParameters] HubDelivery delivery, CancellationToken cancellationToken)
    {
        var http = delivery.Http;
        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType();
        }

        var body = await Problems.ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "Too large.", $"The body is over {Problems.MaxBodyBytes / 1024} KB.");
        }

        var (hubId, refusal) = delivery.Signature.Verify(http.Request.Headers["X-Hub-Timestamp"], http.Request.Headers["X-Hub-Signature-256"], body);
        if (hubId is null)
        {
            Log.Refused(delivery.Logger, refusal!);
            return Refuse(StatusCodes.Status401Unauthorized, "Not signed by a known hub.", refusal!);
        }

        if (!delivery.Gate.TryEnter(hubId, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Refuse(StatusCodes.Status429TooManyRequests, "Too many requests.", "This hub has sent more enquiries than its allowance; try again shortly.");
        }

        var (request, malformed) = Problems.ParseJson<HubEnquiryRequest>(body);
        if (malformed is not null)
        {
            return malformed;
        }

        var now = delivery.Time.GetUtcNow();
        var errors = new FieldErrors();
        if (!JourneyIds.IsValidKey(request!.HubEnquiryId))
        {
            errors.Add("hubEnquiryId", "Required: the hub's own id for this enquiry, 1 to 100 visible ASCII characters.");
        }

        EnquiryValidation.ValidateEnquirer(request.ReceivedAt, request.Applicant, request.Consent, now, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var journeyId = JourneyIdFor(hubId, request.HubEnquiryId!);
        AccessAudit.Note(http, journeyId, actor: $"hub:{hubId}");
        var outcome = await delivery.Handler.HandAsync(hubId, journeyId, request, now, cancellationToken);
        AccessAudit.Note(http, council: outcome.Journey?.LocalAuthority);
        return outcome.Kind switch
        {
            HubOutcomeKind.Started => TypedResults.Json(Answer(outcome.Journey!), statusCode: StatusCodes.Status202Accepted),
            HubOutcomeKind.Known => TypedResults.Ok(Answer(outcome.Journey!)),
            HubOutcomeKind.Purged => Problems.Purged(),
            _ => Refuse(StatusCodes.Status422UnprocessableEntity, "Unknown council.",
                $"preferredLocalAuthority '{outcome.UnknownCouncil}' is not a council this service runs.", "preferredLocalAuthority"),
        };
    }

    private static HubAnswer Answer(Journey journey) => new(journey.Id, journey.Hub!.RoutedTo, journey.Hub.RouteReason.Wire());

    private static async Task<IResult> TriageAsync(
        HttpContext http, PolicyBook policies, JourneyStore store, CouncilDirectory councils, CancellationToken cancellationToken, string? continuationToken = null)
    {
        if (continuationToken is not null && !JourneyStore.IsPageToken(continuationToken))
        {
            return Problems.Validation("continuationToken", "Not a token this service gave out: pass back the continuationToken of the previous page unchanged.");
        }

        var caller = Caller.From(http.User);
        var teams = councils.TriageTeams.Where(caller.CanSee).ToList();
        if (teams.Count == 0)
        {
            return TypedResults.Ok(new JourneyPage([], null));
        }

        var owners = string.Join(" or ", teams.Select(t => Azure.Data.Tables.TableClient.CreateQueryFilter($"LocalAuthority eq {t}")));
        var (items, next) = await store.ListAsync($"({owners}) and Status eq 'Active'", continuationToken, 50, cancellationToken);
        AccessAudit.NoteShown(http, items.Select(s => (s.Journey.Id, s.Journey.LocalAuthority)));
        return TypedResults.Ok(new JourneyPage([.. items.Select(s => s.ToSummary(policies.ZoneOf(s.Journey.LocalAuthority)))], next));
    }

    private static async Task<IResult> RouteAsync(string id, HttpContext http, JourneySteps steps, CouncilDirectory councils, CancellationToken cancellationToken)
    {
        var (request, problem) = await Problems.ReadJsonAsync<RouteRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var target = councils.Canonical(request!.LocalAuthority) ?? request.LocalAuthority;
        if (!councils.IsCouncil(target))
        {
            return Problems.Validation("localAuthority", $"'{target}' is not a council this service runs.");
        }

        var (result, reason) = await steps.RouteAsync(id, Caller.From(http.User), target!, cancellationToken);
        return await JourneyEndpoints.AnswerAsync(id, http, result, cancellationToken, j => TypedResults.Ok(new HubAnswer(j.Id, j.LocalAuthority, reason!.Value.Wire())));
    }

    private static string ProblemType(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        StatusCodes.Status401Unauthorized => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status422UnprocessableEntity => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refuse(int status, string title, string detail, string? field = null) =>
        field is null
            ? TypedResults.Problem(detail, statusCode: status, title: title, type: ProblemType(status))
            : TypedResults.Problem(detail, statusCode: status, title: title, type: ProblemType(status), extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
            });
}
