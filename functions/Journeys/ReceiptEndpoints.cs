using Microsoft.Extensions.Options;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Notifications;

using FosteringWorkflows.Audit;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// <c>POST /api/notifications/notify/receipts</c>: Notify tells us whether a message was delivered. The bearer token
/// is the callback token set for a council's Notify service. The receipt is recorded on the journey; a text that
/// was not delivered goes again by email.
/// </summary>
public static class ReceiptEndpoints
{
    private static readonly string[] Delivered = ["delivered"];
    private static readonly string[] Failed = ["permanent-failure", "temporary-failure", "technical-failure"];

    public static void MapReceipts(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/notifications/notify/receipts", ReceiveAsync).WithTags("Notifications")
            .WithSummary("GOV.UK Notify delivery receipts (Authorization: Bearer <the council's callback token>).")
            .Accepts<NotifyReceipt>("application/json")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem();

    private static async Task<IResult> ReceiveAsync(HttpContext http, CouncilDirectory councils, IOptions<CouncilMessagingOptions> messaging, JourneyEngine engine, TimeProvider time, CancellationToken cancellationToken)
    {
        var owners = Authorised(http.Request.Headers.Authorization.ToString(), councils, messaging.Value);
        if (owners.Count == 0)
        {
            return TypedResults.Problem("Send the council's Notify callback token as a bearer token.", statusCode: StatusCodes.Status401Unauthorized, title: "Not authorised.");
        }

        AccessAudit.Note(http, council: owners.Count == 1 ? owners.First() : null, actor: "provider:notify");
        var (receipt, problem) = await Problems.ReadJsonAsync<NotifyReceipt>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var reference = receipt!.Reference?.Split(':', 2);
        if (reference is not { Length: 2 } || string.IsNullOrEmpty(reference[0]) || string.IsNullOrEmpty(reference[1]))
        {
            return Problems.Validation("reference", "The reference this service gave the message: {journeyId}:{purpose}.");
        }

        var delivered = Delivered.Contains(receipt.Status);
        if (!delivered && !Failed.Contains(receipt.Status))
        {
            return TypedResults.NoContent(); // an interim status: nothing to record yet
        }

        await RecordAsync(engine, reference[0], reference[1], owners, "Notify", delivered, receipt.Status!, receipt.CompletedAt ?? time.GetUtcNow(), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Records a provider's delivery receipt on the message it is about. A council's credentials speak only about messages sent
    /// through that council's service (the council on the message, which stays right after the journey is routed elsewhere;
    /// <paramref name="owners"/> null: any); a send not yet recorded (its provider still unset) may already have a receipt. A
    /// receipt for a journey long gone is acknowledged, so the provider stops retrying; a second one changes nothing.
    /// </summary>
    public static async Task RecordAsync(
        JourneyEngine engine, string journeyId, string purpose, IReadOnlySet<string>? owners, string provider, bool delivered, string status, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        try
        {
            await engine.ApplyAsync(journeyId, provider.ToLowerInvariant(), (j, c) =>
            {
                if (j.Messages.Any(m => m.Purpose == purpose && (owners is null || owners.Contains(m.Council)) && (m.Provider == provider || m.Provider is null)))
                {
                    c.DeliveryReceipt(j, purpose, delivered, status, at);
                }
            }, cancellationToken, [purpose]);
        }
        catch (JourneyNotFoundException)
        {
            // Not ours (or long gone): acknowledged, so the provider stops retrying.
        }
    }

    /// <summary>The councils whose Notify callback token was presented (compared in fixed time); empty when none.</summary>
    public static HashSet<string> Authorised(string header, CouncilDirectory councils, CouncilMessagingOptions messaging)
    {
        var owners = new HashSet<string>(StringComparer.Ordinal);
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return owners;
        }

        var presented = Secrets.Digest(header["Bearer ".Length..]);
        foreach (var id in councils.Ids)
        {
            if (Secrets.Matches(presented, messaging.For(id).Notify.CallbackToken))
            {
                owners.Add(id);
            }
        }

        return owners;
    }
}
