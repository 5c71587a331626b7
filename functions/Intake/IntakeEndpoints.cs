using FosteringWorkflows.Policies;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Intake;

public static class IntakeEndpoints
{
    /// <summary>Taking an enquiry (<see cref="IntakeService"/>), for the API and the public form alike.</summary>
    public static IServiceCollection AddIntake(this IServiceCollection services) => services.AddSingleton<IntakeService>();

    public static void MapIntake(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/enquiries", TakeEnquiryAsync)
            .RequireAuthorization(StaffPolicies.Intake)
            .WithTags("Intake")
            .WithSummary("Record an enquiry taken by phone, email, web form, text, social media or at an event.")
            .Accepts<EnquiryRequest>("application/json")
            .Produces<CreatedJourneyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
    }



    private static async Task<IResult> TakeEnquiryAsync(HttpContext http, PolicyBook policies, IntakeService intake, CancellationToken cancellationToken)
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

        var caller = Caller.From(http.User);
        var outcome = await intake.TakeAsync(request!, caller.Name, idempotencyKey, caller.CanSee, cancellationToken);
        if (outcome.Errors is { } errors)
        {
            return Problems.Validation(errors);
        }

        if (outcome.Forbidden)
        {
            return Problems.Forbidden($"This key may not record enquiries for {request!.LocalAuthority!.ToLowerInvariant()}.");
        }

        if (outcome.Purged)
        {
            return Problems.Purged();
        }

        if (outcome.KeyReused)
        {
            return IdempotencyKeys.Reused("enquiry");
        }

        var journey = outcome.Journey!;
        AccessAudit.Note(http, journey.Id, journey.LocalAuthority);
        if (!caller.CanSee(journey.LocalAuthority))
        {
            // A retry after the enquiry was routed to a council this key does not cover: answered as a read would be.
            return Problems.NotFound($"The enquiry was recorded, and is now with a council this key does not cover.");
        }

        var zone = policies.ZoneOf(journey.LocalAuthority);
        return TypedResults.Created(
            $"/api/journeys/{journey.Id}",
            new CreatedJourneyResponse(journey.Id, journey.LocalAuthority, journey.Stage.ToString(), journey.Deadlines(zone), journey.Flags));
    }
}
