using System.Xml;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Notifications.Providers;

namespace FosteringWorkflows.Simulation;

public sealed record ClockResponse(DateTimeOffset Now);

public sealed record AdvanceRequest(string? By, DateTimeOffset? To);

/// <summary>Only mapped when <c>Clock__Mode=Simulated</c>; absent otherwise.</summary>
public static class SimulationEndpoints
{
    public static void MapSimulation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dev").WithTags("Simulation");
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
        if (request!.By is { } by && request.To is null)
        {
            TimeSpan span;
            try
            {
                span = XmlConvert.ToTimeSpan(by);
            }
            catch (FormatException)
            {
                return Problems.Validation("by", "An ISO 8601 duration such as PT2H or P7D.");
            }

            if (span < TimeSpan.Zero)
            {
                return Problems.Validation("by", "Time only moves forward.");
            }

            target = travel.Now + span;
        }
        else if (request.To is { } to && request.By is null)
        {
            if (to < travel.Now)
            {
                return Problems.Validation("to", $"Time only moves forward; it is already {travel.Now:O}.");
            }

            target = to;
        }
        else
        {
            return Problems.Validation("by", "Give either 'by' (a duration) or 'to' (an instant), not both.");
        }

        await travel.AdvanceToAsync(target, cancellationToken);
        return TypedResults.Ok(new ClockResponse(travel.Now));
    }
}
