using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.Replies;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Replies;

/// <summary>
/// Texts from applicants as the providers bring them, through a Notify-shaped and an Event Grid-shaped caller: a reply is
/// recorded once (its words in history) and the team told; STOP ends texts and is confirmed by email; a number matching no
/// journey is kept for the team; the validation handshake is answered; a duplicated event records once; a delivery report
/// reaches its message; wrong tokens are 401 and malformed bodies 400 naming the field, recording nothing.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ReplyTests(AzuriteFixture azurite) : WithFakeProviders
{
    private const string NotifyToken = "dev-notify-callback-token";

    [Fact]
    public async Task NotifyReply_RecordedOnce_TheTeamTold_AndShownAsWaiting()
    {
        using var service = new TestService(azurite);
        var client = service.Officer();
        var id = await client.StartJourneyAsync();
        var text = NotifyText("notify-in-1", "447911123456", "Yes, after 6pm is best for me");

        var first = await PostNotifyAsync(service, NotifyToken, text);
        var again = await PostNotifyAsync(service, NotifyToken, text); // Notify sent it twice

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        var reply = Assert.Single(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "ApplicantReplied");
        Assert.Equal("Yes, after 6pm is best for me", reply.GetProperty("data").Str("text"));
        Assert.Equal("applicant", reply.Str("actor"));
        Assert.Contains("ApplicantReplied", journey.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var alert = Assert.Single(await client.OutboxAsync(id), m => m.Str("template") == "staff-applicant-replied");
        Assert.Equal("fostering.recruitment@hertfordshire.example", alert.Str("to"));
        Assert.DoesNotContain("after 6pm", alert.Str("body"), StringComparison.Ordinal); // the words stay on the journey page

        // A second reply before anyone has acted: in history, but the team is not emailed again.
        await PostNotifyAsync(service, NotifyToken, NotifyText("notify-in-1b", "447911123456", "Or any evening"));
        Assert.Equal(2, (await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("history").EnumerateArray().Count(h => h.Str("type") == "ApplicantReplied"));
        Assert.Single(await client.OutboxAsync(id), m => m.Str("template") == "staff-applicant-replied");

        // The reply is the applicant's personal data: in their subject access export.
        var export = await (await client.AsAdminAsync(HttpMethod.Get, "/api/people/export?email=sam@example.org")).Content.ReadAsStringAsync();
        Assert.Contains("Yes, after 6pm is best for me", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyStop_EndsTexts_ConfirmedByEmail_TheNextMessageByEmail()
    {
        using var service = new TestService(azurite);
        var client = service.Officer();
        var earlier = await client.StartJourneyAsync();
        await client.PostAsJsonAsync($"/api/journeys/{earlier}/withdraw", new { reasonCode = "AW0" });
        var id = await client.StartJourneyAsync();

        var stop = await PostNotifyAsync(service, NotifyToken, NotifyText("notify-in-2", "+447911123456", " Stop. "));

        Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        // STOP is about the number: every journey holding it stops texting it.
        Assert.False((await client.GetJsonAsync($"/api/journeys/{earlier}")).GetProperty("consent").GetProperty("sms").GetBoolean());
        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.False(journey.GetProperty("consent").GetProperty("sms").GetBoolean());
        Assert.True(journey.GetProperty("consent").GetProperty("email").GetBoolean());
        Assert.DoesNotContain(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "ApplicantReplied");
        var outbox = await client.OutboxAsync(id);
        Assert.Single(outbox, m => m.Str("template") == "consent-stopped" && m.Str("channel") == "email");

        await client.PostEventAsync(id, "ContactMade");
        await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InformationEvent" });
        var invitation = Assert.Single(await client.OutboxAsync(id), m => m.Str("template") == "information-event-invitation");
        Assert.Equal("email", invitation.Str("channel"));
    }

    [Fact]
    public async Task NotifyText_FromAnUnknownNumber_KeptForTheTeam_WrongTokenAndBadBody_RecordNothing()
    {
        using var service = new TestService(azurite);
        var client = service.Officer();
        var id = await client.StartJourneyAsync();

        var unknown = await PostNotifyAsync(service, NotifyToken, NotifyText("notify-in-3", "447700900999", "Is this the fostering team?"));
        var wrongToken = await PostNotifyAsync(service, "not-the-token", NotifyText("notify-in-4", "447911123456", "Hello"));
        var noNumber = await PostNotifyAsync(service, NotifyToken, NotifyText("notify-in-5", "", "Hello"));

        Assert.Equal(HttpStatusCode.NoContent, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noNumber.StatusCode);
        Assert.True(JsonDocument.Parse(await noNumber.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("source_number", out _));
        var kept = Assert.Single(await service.Services.GetRequiredService<UnmatchedTexts>().ListAsync(["hertfordshire"], false, 10, default));
        Assert.Equal("+447700900999", kept.From);
        Assert.Equal("Is this the fostering team?", kept.Words);
        var history = (await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("history").EnumerateArray();
        Assert.DoesNotContain(history, h => h.Str("type") == "ApplicantReplied");
    }

    [Fact]
    public async Task EventGrid_Handshake_DuplicatedText_DeliveryReport_AndWrongKey()
    {
        using var service = new TestService(azurite, settings: Providers.SettingsFor("hertfordshire", "Acs", "SendGrid"));
        var client = service.Officer();
        var id = await client.StartJourneyAsync();
        var ack = Assert.Single((await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("messages").EnumerateArray());
        Assert.Equal("Acs", ack.Str("provider"));

        var handshake = await PostEventsAsync(service, "dev-eventgrid-key", [Event("Microsoft.EventGrid.SubscriptionValidationEvent", new { validationCode = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", validationUrl = "https://example.org/validate" })]);
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", JsonDocument.Parse(await handshake.Content.ReadAsStringAsync()).RootElement.Str("validationResponse"));

        // Azure's samples name the data's fields both ways (From, from): each is read whatever its case.
        var received = Event("Microsoft.Communication.SMSReceived", new Dictionary<string, object>
        {
            ["MessageId"] = "Incoming_20261224-1", ["From"] = "+447911123456", ["To"] = "+447700900000", ["Message"] = "Thanks, speak soon", ["ReceivedTimestamp"] = "2026-12-24T15:40:00Z",
        });
        var report = Event("Microsoft.Communication.SMSDeliveryReportReceived", new Dictionary<string, object>
        {
            ["messageId"] = "Outgoing_1", ["from"] = "+447700900000", ["to"] = "+447911123456", ["deliveryStatus"] = "Delivered", ["deliveryStatusDetails"] = "No error.",
            ["receivedTimestamp"] = "2026-12-24T15:31:00Z", ["tag"] = $"{id}:{ack.Str("purpose")}",
        });
        Assert.Equal(HttpStatusCode.OK, (await PostEventsAsync(service, "dev-eventgrid-key", [received, report])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostEventsAsync(service, "dev-eventgrid-key", [received, report])).StatusCode); // delivered at least once

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        var history = journey.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal("Thanks, speak soon", Assert.Single(history, h => h.Str("type") == "ApplicantReplied").GetProperty("data").Str("text"));
        Assert.Single(history, h => h.Str("type") == "MessageDelivered");
        Assert.Equal("Delivered", journey.GetProperty("messages").EnumerateArray().Single(m => m.Str("purpose") == ack.Str("purpose")).Str("status"));

        var wrong = await PostEventsAsync(service, "wrong-key", [Event("Microsoft.Communication.SMSReceived", new { MessageId = "Incoming_2", From = "+447911123456", To = "+447700900000", Message = "Again", ReceivedTimestamp = "2026-12-24T15:41:00Z" })]);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var noKey = await service.CreateClient().PostAsJsonAsync("/api/acs/events", Array.Empty<object>());
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        var malformed = await PostEventsAsync(service, "dev-eventgrid-key", [Event("Microsoft.Communication.SMSReceived", new { MessageId = "Incoming_3", To = "+447700900000", Message = "No sender" })]);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True(JsonDocument.Parse(await malformed.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("[0].data.from", out _));
        var wrongType = await PostEventsAsync(service, "dev-eventgrid-key", [Event("Microsoft.Communication.SMSReceived", new Dictionary<string, object> { ["MessageId"] = 5, ["From"] = "+447911123456", ["Message"] = "Hi" })]);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.True(JsonDocument.Parse(await wrongType.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("[0].data.messageId", out _));
        // A batch with one bad event is refused whole: the good one before it is not recorded either.
        var mixed = await PostEventsAsync(service, "dev-eventgrid-key",
        [
            Event("Microsoft.Communication.SMSReceived", new { MessageId = "Incoming_4", From = "+447911123456", To = "+447700900000", Message = "First" }),
            Event("Microsoft.Communication.SMSReceived", new { MessageId = "Incoming_5", From = "+447911123456", To = "+447700900000" }),
        ]);
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.True(JsonDocument.Parse(await mixed.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("[1].data.message", out _));
        using var plain = new StringContent("[]", System.Text.Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await service.CreateClient().PostAsync("/api/acs/events?key=dev-eventgrid-key", plain)).StatusCode);
        Assert.Single((await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("history").EnumerateArray(), h => h.Str("type") == "ApplicantReplied");
    }

    private static Dictionary<string, object?> NotifyText(string id, string from, string content) => new()
    {
        ["id"] = id,
        ["source_number"] = from,
        ["destination_number"] = "07700900000",
        ["content"] = content,
        ["date_received"] = "2026-12-24T15:35:00.000000Z",
    };

    private static async Task<HttpResponseMessage> PostNotifyAsync(TestService service, string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notify/inbound") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await service.CreateClient().SendAsync(request);
    }

    private static object Event(string type, object data) => new
    {
        id = Guid.NewGuid().ToString(),
        topic = "/subscriptions/0000/resourceGroups/fostering/providers/Microsoft.Communication/CommunicationServices/fostering-acs",
        subject = "/phonenumber/447700900000",
        eventType = type,
        eventTime = "2026-12-24T15:40:00Z",
        dataVersion = "1.0",
        metadataVersion = "1",
        data,
    };

    private static Task<HttpResponseMessage> PostEventsAsync(TestService service, string key, object[] events) =>
        service.CreateClient().PostAsJsonAsync($"/api/acs/events?key={key}", events);
}
