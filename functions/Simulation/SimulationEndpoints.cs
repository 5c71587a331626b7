using FosteringWorkflows.Hosting;
using FosteringWorkflows.Notifications.Providers;

namespace FosteringWorkflows.Simulation;

/// <summary>Only mapped when <c>Clock__Mode=Simulated</c>; absent otherwise.</summary>
public static class SimulationEndpoints
{
    public static void MapSimulation(this IEndpointRouteBuilder app)
    {
        // The outbox holds every council's applicants' names, numbers and messages: Admin only, like the clock.
        var group = app.MapGroup("/api/dev").WithTags("Simulation").RequireAuthorization(FosteringWorkflows.Auth.StaffPolicies.Admin);
        group.MapGet("/clock", (TimeTravel travel) => TypedResults.Ok(new ClockResponse(travel.Now)))
            .WithSummary("The simulated clock.");
        group.MapPost("/clock/advance", AdvanceAsync)
            .WithSummary("Move time forward by an ISO 8601 duration or to an instant; returns once everything due has been processed.")
            .Accepts<AdvanceRequest>("application/json")
            .Produces<ClockResponse>().ProducesValidationProblem();
        group.MapGet("/outbox", async (DevOutboxProvider outbox, CancellationToken cancellationToken, string? journeyId = null) =>
                TypedResults.Ok(await outbox.ListAsync(journeyId, cancellationToken)))
            .WithSummary("Messages the dev provider has sent.");
    }

    private static async Task<IResult> AdvanceAsync(HttpContext http, TimeTravel travel, CancellationToken cancellationToken)
    {
        var (request, problem) = await Problems.ReadJsonAsync<AdvanceRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        DateTimeOffset target;
        var now = travel.Now;
        if (request!.By is { } by && request.To is null)
        {
            if (Durations.After(now, by) is not { } after)
            {
                return Problems.Validation("by", "An ISO 8601 duration such as PT2H, PT1.5H, P1W, P7D or P1Y2M, of at most ten years.");
            }

            target = after;
        }
        else if (request.To is { } to && request.By is null)
        {
            if (to < now)
            {
                return Problems.Validation("to", $"Time only moves forward; it is already {now:O}.");
            }

            target = to;
        }
        else
        {
            return Problems.Validation("by", "Give one of 'by' (a duration) and 'to' (an instant).");
        }

        if (target > now + Durations.Longest)
        {
            return Problems.Validation(request.By is null ? "to" : "by", $"At most ten years at a time (until {now + Durations.Longest:O}).");
        }

        await travel.AdvanceToAsync(target, cancellationToken);
        return TypedResults.Ok(new ClockResponse(travel.Now));
    }
}
