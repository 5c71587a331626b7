using System.Text.Json;
using System.Threading.RateLimiting;
using Azure;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Policies;
using Microsoft.Extensions.Options;

using FosteringWorkflows.Audit;

namespace FosteringWorkflows.Hub;

/// <summary>The body a hub sends. Unknown fields are ignored.</summary>
public sealed record HubEnquiryRequest(
    string? HubEnquiryId,
    DateTimeOffset? ReceivedAt,
    string? PreferredLocalAuthority,
    ApplicantRequest? Applicant,
    ConsentRequest? Consent);

/// <summary>All a hub learns: the journey, where it went and why. Nothing about the applicant comes back.</summary>
public sealed record HubAnswer(string JourneyId, string RoutedTo, string RouteReason);

public sealed record RouteRequest(string? LocalAuthority);

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

    // Striped by journey id: bounded, and deliveries of different enquiries rarely wait on each other.
    private static readonly SemaphoreSlim[] HandOffs = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, HubSignature signature, HubGate gate, JourneyEngine engine, JourneyStore store, CouncilDirectory councils,
        BuddyPool buddies, IOptions<HubsOptions> hubs, TimeProvider time, ILogger<HubSignature> logger, CancellationToken cancellationToken)
    {
        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType();
        }

        var body = await Problems.ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "Too large.", $"The body is over {Problems.MaxBodyBytes / 1024} KB.");
        }

        var (hubId, refusal) = signature.Verify(http.Request.Headers["X-Hub-Timestamp"], http.Request.Headers["X-Hub-Signature-256"], body);
        if (hubId is null)
        {
            Log.Refused(logger, refusal!);
            return Refuse(StatusCodes.Status401Unauthorized, "Not signed by a known hub.", refusal!);
        }

        if (!gate.TryEnter(hubId, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Refuse(StatusCodes.Status429TooManyRequests, "Too many requests.", "This hub has sent more enquiries than its allowance; try again shortly.");
        }

        var (request, malformed) = Problems.ParseJson<HubEnquiryRequest>(body);
        if (malformed is not null)
        {
            return malformed;
        }

        var errors = new FieldErrors();
        if (!JourneyIds.IsValidKey(request!.HubEnquiryId))
        {
            errors.Add("hubEnquiryId", "Required: the hub's own id for this enquiry, 1 to 100 visible ASCII characters.");
        }

        var now = time.GetUtcNow();
        EnquiryValidation.ValidateEnquirer(request.ReceivedAt, request.Applicant, request.Consent, now, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var journeyId = JourneyIdFor(hubId, request.HubEnquiryId!);
        AccessAudit.Note(http, journeyId, actor: $"hub:{hubId}");
        // Deliveries of the same enquiry take turns on this instance, so a repeat finds the first's journey before it takes
        // a buddy's place (which the first might then find full).
        var handOff = HandOffs[Convert.ToInt32(journeyId[..2], 16) % HandOffs.Length];
        await handOff.WaitAsync(cancellationToken);
        try
        {
            if (await AnswerIfKnownAsync(store, journeyId, cancellationToken) is { } known)
            {
                return known;
            }

            var preferredCouncil = councils.Canonical(request.PreferredLocalAuthority) ?? request.PreferredLocalAuthority;
            if (preferredCouncil is { } preferred && !councils.IsCouncil(preferred))
            {
                return Refuse(StatusCodes.Status422UnprocessableEntity, "Unknown council.",
                    $"preferredLocalAuthority '{preferred}' is not a council this service runs.", "preferredLocalAuthority");
            }

            var applicant = EnquiryValidation.ToApplicant(request.Applicant!);
            var (owner, reason) = Route(preferredCouncil, applicant.Postcode, councils, hubs.Value.Items[hubId].TriageTeam);
            var buddy = councils.IsCouncil(owner) ? await buddies.TakeAsync(owner, cancellationToken) : null;
            var started = false;
            try
            {
                var journey = await engine.StartAsync(
                    new NewJourney(owner, "hub", request.ReceivedAt ?? now, applicant, EnquiryValidation.ToConsent(request.Consent!),
                        journeyId, new HubHandOff(hubId, request.HubEnquiryId!, owner, reason), buddy) { Flags = EnquiryValidation.FlagsFor(applicant) },
                    $"hub:{hubId}",
                    cancellationToken);
                started = true;
                AccessAudit.Note(http, council: journey.LocalAuthority);
                return TypedResults.Json(Answer(journey), statusCode: StatusCodes.Status202Accepted);
            }
            catch (JourneyPurgedException)
            {
                return Problems.Purged();
            }
            catch (JourneyExistsException e)
            {
                // A second delivery raced this one and wrote first: nothing of this one was written; answer as the first.
                return await AnswerIfKnownAsync(store, journeyId, cancellationToken) ?? throw new InvalidOperationException("Journey conflict without a journey.", e);
            }
            finally
            {
                if (!started && buddy is not null)
                {
                    await buddies.ReleaseAsync(owner, buddy.Id, CancellationToken.None);
                }
            }
        }
        finally
        {
            handOff.Release();
        }
    }

    /// <summary>Preference first, then the postcode district, else the hub's triage team.</summary>
    internal static (string Owner, string Reason) Route(string? preferred, string? postcode, CouncilDirectory councils, string triageTeam)
    {
        if (preferred is not null)
        {
            return (preferred, "preference");
        }

        if (postcode is not null && councils.ForDistrict(PostcodeDistricts.Of(postcode)) is { } council)
        {
            return (council, "postcode");
        }

        return (triageTeam, "triage");
    }

    private static async Task<IResult?> AnswerIfKnownAsync(JourneyStore store, string journeyId, CancellationToken cancellationToken) =>
        await store.LoadAsync(journeyId, LoadDepth.State, cancellationToken: cancellationToken) is { } existing
            ? TypedResults.Ok(Answer(existing.Journey))
            : null;

    private static HubAnswer Answer(Journey journey) => new(journey.Id, journey.Hub!.RoutedTo, journey.Hub.RouteReason);

    private static async Task<IResult> TriageAsync(
        HttpContext http, JourneyStore store, CouncilDirectory councils, CancellationToken cancellationToken, string? continuationToken = null)
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
        return TypedResults.Ok(new JourneyPage([.. items.Select(s => s.ToSummary(councils.ZoneOf(s.Journey.LocalAuthority)))], next));
    }

    private static async Task<IResult> RouteAsync(
        string id, HttpContext http, JourneyEngine engine, JourneyStore store, CouncilDirectory councils, BuddyPool buddies, PolicyBook policies,
        CancellationToken cancellationToken)
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

        var buddy = await buddies.TakeAsync(target!, cancellationToken);
        (string Owner, BuddyPairing? Buddy, string Reason)? before = null;
        var result = await JourneyEndpoints.ChangeAsync(id, http, engine, store, councils, (j, c) =>
        {
            if (j.Status != JourneyStatus.Active)
            {
                throw new TransitionRefusedException(j.Stage, j.Status, "Route", $"the journey is {j.Status}");
            }

            if (j.LocalAuthority == target)
            {
                throw new TransitionRefusedException(j.Stage, j.Status, "Route", $"the journey is already with {target}");
            }

            if (!MayRoute(Caller.From(http.User), j.LocalAuthority, target!, councils))
            {
                throw new RouteForbiddenException(target!);
            }

            before = (j.LocalAuthority, j.Buddy, councils.IsCouncil(j.LocalAuthority) ? "reassigned" : "triage");
            c.RouteTo(j, target!, policies.Current(target!).Policy.Version, buddy, before.Value.Reason);
        }, cancellationToken, j => TypedResults.Ok(new HubAnswer(j.Id, j.LocalAuthority, before!.Value.Reason)));

        // Routed: the previous buddy has room again. Not routed: give back the place taken ahead of the change.
        var routed = result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK };
        if (routed && before is { Buddy: { } previous } moved)
        {
            await buddies.ReleaseAsync(moved.Owner, previous.Id, cancellationToken);
        }
        else if (!routed && buddy is not null)
        {
            await buddies.ReleaseAsync(target!, buddy.Id, cancellationToken);
        }

        return result;
    }

    private static string ProblemType(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        StatusCodes.Status401Unauthorized => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status422UnprocessableEntity => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    };

    /// <summary>
    /// A key moves a journey only to a council it holds; a triage team's key also hands its held enquiries on to any
    /// council of its sub-cluster (that is its job).
    /// </summary>
    internal static bool MayRoute(Caller caller, string owner, string target, CouncilDirectory councils) =>
        caller.CanSee(target)
        || (caller.CanSee(owner) && councils.Get(owner).Kind == OwnerKind.TriageTeam && councils.Get(target).SubCluster == owner);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refuse(int status, string title, string detail, string? field = null) =>
        field is null
            ? TypedResults.Problem(detail, statusCode: status, title: title, type: ProblemType(status))
            : TypedResults.Problem(detail, statusCode: status, title: title, type: ProblemType(status), extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
            });

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Hub request refused: {Reason}")]
        public static partial void Refused(ILogger logger, string reason);
    }
}

/// <summary>Each hub's request allowance (a fixed window a minute long), so one misbehaving hub cannot flood the service.</summary>
public sealed class HubGate : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public HubGate(IOptions<HubsOptions> hubs) =>
        _limiter = PartitionedRateLimiter.Create<string, string>(hub => RateLimitPartition.GetFixedWindowLimiter(hub, id => new FixedWindowRateLimiterOptions
        {
            PermitLimit = hubs.Value.Items[id].RequestsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryEnter(string hubId, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(hubId);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
