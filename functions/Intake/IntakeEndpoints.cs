using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Journeys;

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
        HttpContext http, JourneyEngine engine, CouncilDirectory councils, TimeProvider time, CancellationToken cancellationToken)
    {
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
        var enquiry = EnquiryValidation.ToNewJourney(request!, now);
        if (!caller.CanSee(enquiry.LocalAuthority))
        {
            return Problems.Forbidden($"This key may not record enquiries for {enquiry.LocalAuthority}.");
        }

        var journey = await engine.StartAsync(enquiry, caller.Name, cancellationToken);
        var zone = councils.ZoneOf(journey.LocalAuthority);
        return TypedResults.Created(
            $"/api/journeys/{journey.Id}",
            new CreatedJourneyResponse(journey.Id, journey.LocalAuthority, journey.Stage.ToString(), journey.Deadlines(zone)));
    }
}
