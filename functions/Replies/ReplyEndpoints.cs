using Azure.Messaging.EventGrid;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Notifications;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Replies;

/// <summary>
/// Providers telling us of texts: GOV.UK Notify's received-text callback (<c>POST /api/notify/inbound</c>, the council's
/// callback token as a bearer token) and Azure Communication Services' Event Grid webhook (<c>POST /api/acs/events?key=</c>:
/// the subscription's validation handshake, delivery reports and received texts). A wrong token or key is 401 and records
/// nothing; a malformed body is 400 naming the field; a text or a report told twice records once.
/// </summary>
public static class ReplyEndpoints
{
    public static IServiceCollection AddReplies(this IServiceCollection services)
    {
        services.AddOptions<InboundOptions>().BindConfiguration(InboundOptions.Section);
        services.AddSingleton<UnmatchedTexts>();
        services.AddSingleton<ReplyDesk>();
        return services;
    }

    public static void MapReplies(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/notify/inbound", NotifyAsync).AllowAnonymous().WithTags("Notifications")
            .WithSummary("GOV.UK Notify's received texts (Authorization: Bearer <the council's Notify callback token>).")
            .Accepts<NotifyInbound>("application/json")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem();
        app.MapPost("/api/acs/events", AcsAsync).AllowAnonymous().WithTags("Notifications")
            .WithSummary("Azure Communication Services' SMS events through Event Grid (?key=<the subscription's secret>): validation, delivery reports, received texts.")
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem();
        app.MapMethods("/api/acs/events", ["OPTIONS"], AcsOptions).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> NotifyAsync(
        HttpContext http, CouncilDirectory councils, IOptions<CouncilMessagingOptions> messaging, ReplyDesk desk, TimeProvider time, CancellationToken ct)
    {
        var owners = ReceiptEndpoints.Authorised(http.Request.Headers.Authorization.ToString(), councils, messaging.Value);
        if (owners.Count == 0)
        {
            return TypedResults.Problem("Send the council's Notify callback token as a bearer token.", statusCode: StatusCodes.Status401Unauthorized, title: "Not authorised.");
        }

        AccessAudit.Note(http, council: owners.Count == 1 ? owners.First() : null, actor: "provider:notify");
        var (inbound, problem) = await Problems.ReadJsonAsync<NotifyInbound>(http.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(inbound!.Id))
        {
            errors.Add("id", "Notify's id for the received text.");
        }

        var from = PhoneOf(inbound.SourceNumber);
        if (from is null)
        {
            errors.Add("source_number", "The number the text came from, such as 447700900111.");
        }

        if (inbound.Content is null)
        {
            errors.Add("content", "The words of the text.");
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var text = new InboundText("notify", inbound.Id!.Trim(), from!, inbound.DestinationNumber ?? "", Clip(inbound.Content!), inbound.DateReceived ?? time.GetUtcNow());
        return await TakeAsync(http, desk, text, owners, owners.Order(StringComparer.Ordinal).First(), ct) ?? TypedResults.NoContent();
    }

    private static async Task<IResult> AcsAsync(
        HttpContext http, string? key, IOptions<InboundOptions> inbound, CouncilDirectory councils, IOptions<CouncilMessagingOptions> messaging, ReplyDesk desk,
        JourneyEngine engine, CancellationToken ct)
    {
        if (!Secrets.Matches(key, inbound.Value.EventGridKey))
        {
            return TypedResults.Problem("Event Grid's subscription URL carries the key this service was given (?key=…).", statusCode: StatusCodes.Status401Unauthorized, title: "Not authorised.");
        }

        AccessAudit.Note(http, actor: "provider:acs");
        if (http.Request.ContentType is not { } type || !(type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/cloudevents-batch+json", StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.UnsupportedMediaType();
        }

        var body = await Problems.ReadBodyAsync(http.Request, ct);
        if (body is null)
        {
            return Problems.TooLarge();
        }

        EventGridEvent[] events;
        try
        {
            events = EventGridEvent.ParseMany(BinaryData.FromBytes(body));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return Problems.Validation("body", "An array of Event Grid events (id, subject, eventType, eventTime, data, dataVersion).");
        }

        // The whole batch is read and checked before any of it is acted on: a malformed one is 400 with nothing recorded.
        var taken = new List<AcsEvent>();
        foreach (var (e, i) in events.Select((e, i) => (e, i)))
        {
            var (read, field, wrong) = AcsEvent.Read(e, i);
            if (field is not null)
            {
                return Problems.Validation(field, wrong!);
            }

            if (read is { Type: AcsEvent.Received } && PhoneOf(read["from"]) is null)
            {
                return Problems.Validation($"[{i}].data.from", "The number the text came from, with its country code.");
            }

            if (read is not null)
            {
                taken.Add(read);
            }
        }

        // Texts to a number no council sends from are kept for staff who cover every council; only where no council sends
        // through ACS at all (a local run) is any council's applicant with the number a match.
        var acsNumbers = councils.Ids.Select(id => (Council: id, Number: PhoneOf(messaging.Value.For(id).Acs.From))).Where(c => c.Number is not null).ToList();
        foreach (var e in taken)
        {
            switch (e.Type)
            {
                case AcsEvent.Validation:
                    return TypedResults.Ok(new { validationResponse = e["validationCode"] });
                case AcsEvent.Report:
                    var reference = e["tag"]?.Split(':', 2);
                    var status = e["deliveryStatus"] ?? "";
                    if (reference is { Length: 2 } && reference[0].Length > 0 && reference[1].Length > 0 && status is "Delivered" or "Failed")
                    {
                        // Only a message this service sent carries its tag ({journeyId}:{purpose}); interim statuses wait.
                        await ReceiptEndpoints.RecordAsync(engine, reference[0], reference[1], null, "Acs", status == "Delivered",
                            status == "Failed" && e["deliveryStatusDetails"] is { Length: > 0 } details ? $"Failed: {details}" : status, e.At ?? e.EventTime, ct);
                    }

                    break;
                default:
                    var to = PhoneOf(e["to"]);
                    var senders = acsNumbers.Where(c => to is not null && c.Number == to).Select(c => c.Council).ToHashSet(StringComparer.Ordinal);
                    var text = new InboundText("acs", e["messageId"] ?? e.EventId, PhoneOf(e["from"])!, e["to"] ?? "", Clip(e["message"]!), e.At ?? e.EventTime);
                    IReadOnlySet<string>? among = acsNumbers.Count == 0 ? null : senders;
                    if (await TakeAsync(http, desk, text, among, senders.Order(StringComparer.Ordinal).FirstOrDefault() ?? UnmatchedTexts.NoCouncil, ct) is { } busy)
                    {
                        return busy;
                    }

                    break;
            }
        }

        return TypedResults.Ok();
    }

    /// <summary>The CloudEvents webhook handshake, for a subscription that uses that schema: the origin is allowed once the key is right.</summary>
    private static IResult AcsOptions(HttpContext http, string? key, IOptions<InboundOptions> inbound)
    {
        if (!Secrets.Matches(key, inbound.Value.EventGridKey))
        {
            return TypedResults.Unauthorized();
        }

        http.Response.Headers["WebHook-Allowed-Origin"] = http.Request.Headers["WebHook-Request-Origin"].ToString() is { Length: > 0 } origin ? origin : "*";
        return TypedResults.Ok();
    }

    /// <summary>Hands a text to the desk; a journey others were changing at that moment answers 503, so the provider sends it again.</summary>
    private static async Task<IResult?> TakeAsync(HttpContext http, ReplyDesk desk, InboundText text, IReadOnlySet<string>? councils, string keptUnder, CancellationToken ct)
    {
        var outcome = await desk.TakeAsync(text, councils, keptUnder, ct);
        if (outcome.Busy)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem("The journey was being changed at the same moment; send the text again.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        AccessAudit.Note(http, journeyId: outcome.JourneyId);
        return null;
    }

    /// <summary>A sender's number in E.164: a UK number as intake stores it (447…, 07…, +447…), any other as its digits after a plus; null without digits.</summary>
    private static string? PhoneOf(string? number)
    {
        var digits = new string([.. (number ?? "").Where(char.IsAsciiDigit)]);
        if (digits.Length < 6 || digits.Length > 15)
        {
            return null;
        }

        var uk = EnquiryValidation.NormalisePhone(number!.TrimStart().StartsWith('+') || digits.StartsWith('0') ? number : "+" + digits);
        return uk ?? "+" + digits;
    }

    private static string Clip(string words) => words.Length > InboundText.MaxWords ? words[..InboundText.MaxWords] : words;
}
