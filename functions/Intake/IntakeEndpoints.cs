using FosteringWorkflows.Policies;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Journeys;

using FosteringWorkflows.Audit;

namespace FosteringWorkflows.Intake;

public static class IntakeEndpoints
{
    public static void MapIntake(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/enquiries", TakeEnquiryAsync)
            .RequireAuthorization(StaffPolicies.Officer)
            .WithTags("Intake")
            .WithSummary("Record an enquiry taken by phone, email, web form, text, social media or at an event.")
            .Accepts<EnquiryRequest>("application/json")
            .Produces<CreatedJourneyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
    }



    private static async Task<IResult> TakeEnquiryAsync(
        HttpContext http, PolicyBook policies, JourneyEngine engine, JourneyStore store, CouncilDirectory councils, TimeProvider time, CancellationToken cancellationToken)
    {
        var (idempotencyKey, badKey) = IdempotencyKeys.Read(http.Request, "enquiry");
        if (badKey is not null)
        {
            return badKey;
        }

        var (request, problem) = await Problems.ReadJsonAsync<EnquiryRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        var errors = EnquiryValidation.Validate(request!, now, councils.IsCouncil);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var caller = Caller.From(http.User);
        var enquiry = EnquiryValidation.ToNewJourney(request!, now) with { RequestHash = JourneyIds.Fingerprint(request!) };
        if (!caller.CanSee(enquiry.LocalAuthority))
        {
            return Problems.Forbidden($"This key may not record enquiries for {enquiry.LocalAuthority}.");
        }

        // With an Idempotency-Key, a retry (say after a lost response) names the same journey and gets it back,
        // instead of a second journey and a second acknowledgement to the applicant.
        var id = idempotencyKey.Length > 0 ? JourneyIds.Derive("enquiry", caller.Name, idempotencyKey) : null;
        Journey journey;
        try
        {
            journey = id is not null && await store.LoadAsync(id, LoadDepth.State, cancellationToken: cancellationToken) is { } earlier
                ? earlier.Journey
                : await engine.StartAsync(enquiry with { Id = id }, caller.Name, cancellationToken);
        }
        catch (JourneyPurgedException)
        {
            return Problems.Purged();
        }
        catch (JourneyExistsException) when (id is not null)
        {
            journey = (await store.LoadAsync(id, LoadDepth.State, cancellationToken: cancellationToken))!.Value.Journey;
        }

        if (id is not null && journey.RequestHash != enquiry.RequestHash)
        {
            return IdempotencyKeys.Reused("enquiry");
        }

        AccessAudit.Note(http, journey.Id, journey.LocalAuthority);
        if (!caller.CanSee(journey.LocalAuthority))
        {
            // A retry after the enquiry was routed to a council this key does not cover: answered as a read would be.
            return Problems.NotFound($"The enquiry was recorded, and is now with a council this key does not cover.");
        }

        var zone = policies.ZoneOf(journey.LocalAuthority);
        return TypedResults.Created(
            $"/api/journeys/{journey.Id}",
            new CreatedJourneyResponse(journey.Id, journey.LocalAuthority, journey.Stage.ToString(), journey.Deadlines(zone)));
    }
}
