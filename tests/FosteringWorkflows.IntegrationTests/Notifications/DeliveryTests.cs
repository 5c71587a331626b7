using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Notifications;

/// <summary>Each provider against a local listener speaking its API; every test's service has its own storage prefix.</summary>
[Collection(AzuriteTests.Name)]
public sealed class DeliveryTests(AzuriteFixture azurite) : WithFakeProviders
{
    private TestService Service(string sms, string email, bool teams = false, DateTimeOffset? start = null, IDictionary<string, string?>? more = null)
    {
        var settings = Providers.SettingsFor("hertfordshire", sms, email, teams);
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new TestService(azurite, start, settings: settings);
    }

    private static async Task<JsonElement> MessageAsync(HttpClient client, string journeyId, string purpose) =>
        (await client.GetJsonAsync($"/api/journeys/{journeyId}")).GetProperty("messages").EnumerateArray().Single(m => m.Str("purpose") == purpose);

    [Fact]
    public async Task Notify_Text_GoesWithGenericTemplateReferenceAndSignedToken()
    {
        using var service = Service("Notify", "Notify");
        var client = service.Officer();

        var id = await client.StartJourneyAsync();

        var call = Assert.Single(Providers.Calls, c => c.Provider == "notify");
        Assert.Equal("/v2/notifications/sms", call.Path);
        Assert.Equal("+447911123456", call.Body!["phone_number"]!.GetValue<string>());
        Assert.Equal("sms-body-template", call.Body["template_id"]!.GetValue<string>());
        Assert.Contains("Hello Sam", call.Body["personalisation"]!["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"{id}:acknowledgement", call.Reference);
        var message = await MessageAsync(client, id, "acknowledgement");
        Assert.Equal("Sent", message.Str("status"));
        Assert.Equal("Notify", message.Str("provider"));
    }

    [Fact]
    public async Task Notify_MappedTemplate_SendsItsFieldsAsPersonalisation()
    {
        using var service = Service("Notify", "Notify", more: new Dictionary<string, string?>
        {
            ["Councils:hertfordshire:Messaging:Notify:Templates:enquiry-acknowledgement"] = "notify-ack-template",
        });

        await service.Officer().StartJourneyAsync(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry(preferredChannel: "email"));

        var call = Assert.Single(Providers.Calls, c => c.Provider == "notify");
        Assert.Equal("/v2/notifications/email", call.Path);
        Assert.Equal("notify-ack-template", call.Body!["template_id"]!.GetValue<string>());
        Assert.Equal("Sam", call.Body["personalisation"]!["firstName"]!.GetValue<string>());
        Assert.Equal("Tuesday 29 December 2026 at 09:30", call.Body["personalisation"]!["respondBy"]!.GetValue<string>());
        Assert.Null(call.Body["personalisation"]!["body"]);
    }

    [Fact]
    public async Task SendGrid_Email_GoesWithSubjectAndIdempotencyKey()
    {
        using var service = Service("Dev", "SendGrid");

        var id = await service.Officer().StartJourneyAsync(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry(preferredChannel: "email"));

        var call = Assert.Single(Providers.Calls, c => c.Provider == "sendgrid");
        Assert.Equal("sam@example.org", call.Body!["personalizations"]![0]!["to"]![0]!["email"]!.GetValue<string>());
        var subject = call.Body["personalizations"]![0]!["subject"] ?? call.Body["subject"];
        Assert.Equal("Your fostering enquiry with Hertfordshire County Council", subject!.GetValue<string>());
        Assert.Equal("fostering@council.example", call.Body["from"]!["email"]!.GetValue<string>());
        Assert.Equal($"{id}:acknowledgement", call.Reference);
        var message = await MessageAsync(service.Officer(), id, "acknowledgement");
        Assert.Equal("SendGrid", message.Str("provider"));
        Assert.Equal("Sent", message.Str("status"));
    }

    [Fact]
    public async Task Acs_Text_IsSignedAndCarriesRepeatabilityHeaders()
    {
        using var service = Service("Acs", "Dev");

        var id = await service.Officer().StartJourneyAsync();

        // The fake answers 401 to a bad HMAC signature, so a Sent message is a correctly signed one.
        var call = Assert.Single(Providers.Calls, c => c.Provider == "acs");
        var recipient = call.Body!["smsRecipients"]![0]!;
        Assert.Equal("+447911123456", recipient["to"]!.GetValue<string>());
        Assert.True(Guid.TryParse(recipient["repeatabilityRequestId"]!.GetValue<string>(), out _));
        Assert.False(string.IsNullOrEmpty(recipient["repeatabilityFirstSent"]!.GetValue<string>()));
        Assert.Equal("+447700900000", call.Body["from"]!.GetValue<string>());
        Assert.Equal("Sent", (await MessageAsync(service.Officer(), id, "acknowledgement")).Str("status"));
    }

    [Fact]
    public async Task Teams_StaffAlert_IsPostedToTheChannelAsWellAsEmailed_InWorkingHours()
    {
        using var service = Service("Dev", "Dev", teams: true);
        var client = service.Officer();
        var id = await client.StartJourneyAsync();

        // The warning falls due at 17:00 on Christmas Eve, the close of the working day: it waits for the next one,
        // Tue 29 Dec 09:00 (25 Dec, the weekend and the substitute Boxing Day are not working days).
        await client.AdvanceAsync("PT2H");
        Assert.DoesNotContain(Providers.Calls, c => c.Provider == "teams");
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 29, 9, 0, 0, TimeSpan.Zero));

        var post = Assert.Single(Providers.Calls, c => c.Provider == "teams");
        Assert.Contains("Due soon: First contact", post.Body!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(await client.OutboxAsync(id), m => m.Str("template") == "staff-deadline-warning" && m.Str("channel") == "email");
    }

    [Fact]
    public async Task StaffAlert_SaysWhatIsDueInWords_WhatToDo_AndLinksToTheJourneysPage_AlsoToTheAllocatedWorker()
    {
        using var service = Service("Dev", "Dev");
        var client = service.Officer();
        var id = await client.StartJourneyAsync();
        await client.PostEventAsync(id, "Allocated", new { to = "olu.okafor@hertfordshire.example" });

        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 29, 9, 0, 0, TimeSpan.Zero));

        var alerts = (await client.OutboxAsync(id)).Where(m => m.Str("template") == "staff-deadline-warning").ToList();
        Assert.Equal(["fostering.recruitment@hertfordshire.example", "olu.okafor@hertfordshire.example"], alerts.Select(a => a.Str("to")).Order(StringComparer.Ordinal));
        var body = alerts[0].Str("body");
        Assert.Contains("First contact for Sam J. is due by Tuesday 29 December 2026 at 09:30 (30 minutes left). Call +447911123456, then record the contact.", body, StringComparison.Ordinal);
        Assert.Contains($"/journeys/{id}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_ApplicantTextThatLooksLikeMarkdown_ShowsAsTyped_NeverALink()
    {
        using var service = Service("Dev", "Dev", teams: true);
        var client = service.Officer();
        await client.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire",
            channel = "phone",
            applicant = new { firstName = "[Reset your council password](https://evil.example/login) **now**", lastName = "Smith", email = "sam@example.org" },
            consent = new { sms = false, email = true },
        });

        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 29, 9, 0, 0, TimeSpan.Zero));

        var text = Assert.Single(Providers.Calls, c => c.Provider == "teams").Body!["text"]!.GetValue<string>();
        Assert.Contains(@"\[Reset your council password\]\(https://evil\.example/login\)", text, StringComparison.Ordinal);
        Assert.Contains(@"\*\*now\*\*", text, StringComparison.Ordinal);
        Assert.DoesNotContain("](https://evil", text, StringComparison.Ordinal);
        Assert.Contains("/journeys/", text, StringComparison.Ordinal); // the service's own link is left as it is
    }

    [Fact]
    public async Task NotifyEmail_ApplicantTextThatLooksLikeMarkdown_IsEscaped_TheServiceLinkIsNot()
    {
        using var service = Service("Notify", "Notify");
        var client = service.Officer();
        var id = await client.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire",
            channel = "phone",
            applicant = new { firstName = "[Reset your council password](https://evil.example/login) **now**", lastName = "#Smith", email = "sam@example.org" },
            consent = new { sms = false, email = true },
        });

        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 29, 9, 0, 0, TimeSpan.Zero));

        // The team's alert goes through Notify's generic email template, whose ((body)) Notify renders as Markdown.
        var alert = Assert.Single(Providers.Calls, c => c.Path == "/v2/notifications/email" && c.Reference == $"{id}:warn-EnquiryResponse");
        var body = alert.Body!["personalisation"]!["body"]!.GetValue<string>();
        Assert.Contains(@"\[Reset your council password\]\(https://evil\.example/login\) \*\*now\*\*", body, StringComparison.Ordinal);
        Assert.Contains(@"\*\*now\*\* \#\.", body, StringComparison.Ordinal); // the initial of "#Smith" and its full stop
        Assert.DoesNotContain("](https://evil", body, StringComparison.Ordinal);
        Assert.Contains($"/journeys/{id}", body, StringComparison.Ordinal);
        Assert.DoesNotContain(@"\/journeys", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequests_IsRetriedAtOnce_ServerError_WaitsForTheNextAttempt_AndTheTextGoesOnce()
    {
        using var service = Service("Notify", "Notify");
        Providers.FailNext("notify", 429, 503);

        var id = await service.Officer().StartJourneyAsync();

        // The 429 was retried by the HTTP policy; the 503 (which might follow a created text) was not: the attempt failed.
        var first = await MessageAsync(service.Officer(), id, "acknowledgement");
        Assert.Equal("Pending", first.Str("status"));
        Assert.DoesNotContain(Providers.Calls, c => c.Provider == "notify" && c.Reference == $"{id}:acknowledgement");

        await service.Officer().AdvanceAsync("PT5M");

        Assert.Single(Providers.Calls, c => c.Provider == "notify" && c.Reference == $"{id}:acknowledgement");
        var sent = await MessageAsync(service.Officer(), id, "acknowledgement");
        Assert.Equal("Sent", sent.Str("status"));
        Assert.Equal(2, sent.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task AcceptedButAnswered500_IsFoundByReferenceAndNotSentAgain()
    {
        // The provider took the text but answered 500: the outcome is unknown, so nothing repeats the POST at once.
        using var service = Service("Notify", "Notify", more: new Dictionary<string, string?> { ["Notifications:RetryDelay"] = "00:01:00" });
        Providers.FailNext("notify", 500);
        var client = service.Officer();
        var id = await client.StartJourneyAsync();
        Assert.Equal("Pending", (await MessageAsync(client, id, "acknowledgement")).Str("status"));

        await client.AdvanceAsync("PT5M");

        var message = await MessageAsync(client, id, "acknowledgement");
        Assert.Equal("Sent", message.Str("status"));
        Assert.Equal(2, message.GetProperty("attempts").GetInt32());
        // Created once, by the first POST; the next attempt looked it up by reference instead of sending it again.
        Assert.Equal(1, Providers.Calls.Count(c => c.Reference == $"{id}:acknowledgement"));
    }

    [Fact]
    public async Task ProviderUnreachable_EnquiryIsStillTakenAndTheTextWaitsForARetry()
    {
        using var service = Service("Notify", "Notify", more: new Dictionary<string, string?>
        {
            ["Councils:hertfordshire:Messaging:Notify:BaseUrl"] = $"http://127.0.0.1:{AzuriteFixture.FreePort()}/",
        });
        var client = service.Officer();

        var id = await client.StartJourneyAsync();

        var message = await MessageAsync(client, id, "acknowledgement");
        Assert.Equal("Pending", message.Str("status"));
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
        Assert.Contains("could not be reached", message.Str("lastError"), StringComparison.Ordinal);
        Assert.True(message.Time("notBefore") > TestService.ChristmasEve);
    }

    [Fact]
    public async Task PermanentRefusalOfAText_FallsBackToEmail_AlertsStaff_AndPoisons()
    {
        using var service = Service("Notify", "Notify");
        Providers.FailNext("notify", 400);
        var client = service.Officer();

        var id = await client.StartJourneyAsync();

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        var messages = journey.GetProperty("messages").EnumerateArray().ToDictionary(m => m.Str("purpose"), m => m);
        Assert.Equal("Failed", messages["acknowledgement"].Str("status"));
        Assert.Equal("Sent", messages["acknowledgement-email"].Str("status"));
        Assert.Equal("email", messages["acknowledgement-email"].Str("channel"));
        Assert.Contains(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "MessageFailed");
        var alert = Assert.Single(Providers.Calls, c => c.Path == "/v2/notifications/email" && c.Body!["email_address"]!.GetValue<string>() == "fostering.recruitment@hertfordshire.example");
        Assert.Contains("sent by email instead", alert.Body!["personalisation"]!["body"]!.GetValue<string>(), StringComparison.Ordinal);
        var poison = service.Services.GetRequiredService<FosteringWorkflows.Storage.StorageAccount>().MessagePoison;
        var poisoned = (await poison.PeekMessagesAsync(10)).Value;
        Assert.Contains(poisoned, p => p.Body.ToString().Contains($"\"journeyId\":\"{id}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiedAfterGivingUpOnAText_BeforeItsConsequences_TheWakeBringsThemOnce()
    {
        // The text is held for quiet hours; at 08:00 a dispatcher is refused for good, records Failed, and the process
        // dies before the journey's commit that sends the email instead and alerts the team.
        var clock = new FosteringWorkflows.Hosting.SimulatedTimeProvider(new DateTimeOffset(2026, 12, 22, 22, 30, 0, TimeSpan.Zero));
        using var service = new TestService(azurite, settings: Providers.SettingsFor("hertfordshire", "Notify", "Notify"), services: s =>
        {
            s.AddSingleton(clock);
            s.AddSingleton<TimeProvider>(clock);
        });
        var client = service.Officer();
        var id = await client.StartJourneyAsync();
        var store = service.Services.GetRequiredService<FosteringWorkflows.Journeys.JourneyStore>();
        var held = (await store.LoadAsync(id, FosteringWorkflows.Journeys.LoadDepth.Working, cancellationToken: CancellationToken.None))!.Value.Journey;
        clock.MoveTo(new DateTimeOffset(2026, 12, 23, 8, 0, 0, TimeSpan.Zero));
        Providers.FailNext("notify", 400);
        var dispatcher = service.Services.GetRequiredService<FosteringWorkflows.Notifications.OutboxDispatcher>();
        Assert.Single(await dispatcher.DispatchAsync([.. held.Undelivered], null, CancellationToken.None)); // and then the crash

        var timers = service.Services.GetRequiredService<FosteringWorkflows.Deadlines.TimerIndex>();
        var kept = await timers.DueAsync(new DateTimeOffset(2026, 12, 23, 9, 0, 0, TimeSpan.Zero), 50, CancellationToken.None);
        Assert.Contains(kept, t => t.JourneyId == id && t.Kind == FosteringWorkflows.Deadlines.TimerKind.Dispatch);
        Assert.DoesNotContain((await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("history").EnumerateArray(), h => h.Str("type") == "MessageFailed");

        // The kept timer's wake, and a second one.
        var engine = service.Services.GetRequiredService<FosteringWorkflows.Journeys.JourneyEngine>();
        await engine.WakeAsync(id, CancellationToken.None);
        await engine.WakeAsync(id, CancellationToken.None);

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Single(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "MessageFailed");
        Assert.Equal("Sent", (await MessageAsync(client, id, "acknowledgement-email")).Str("status"));
        Assert.Single(Providers.Calls, c => c.Reference == $"{id}:acknowledgement-email");
        Assert.Single(Providers.Calls, c => c.Path == "/v2/notifications/email" && c.Body!["email_address"]!.GetValue<string>() == "fostering.recruitment@hertfordshire.example");
    }

    [Fact]
    public async Task EveryAttemptFailing_GivesUpAfterMaxAttemptsAndAlertsStaff()
    {
        using var service = Service("Acs", "Dev", more: new Dictionary<string, string?>
        {
            ["Notifications:MaxAttempts"] = "2",
            ["Notifications:RetryDelay"] = "00:01:00",
        });
        Providers.FailNext("acs", Enumerable.Repeat(503, 8).ToArray());
        var client = service.Officer();
        var id = await client.StartJourneyAsync();

        await client.AdvanceAsync("PT10M");

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        var ack = journey.GetProperty("messages").EnumerateArray().Single(m => m.Str("purpose") == "acknowledgement");
        Assert.Equal("Failed", ack.Str("status"));
        Assert.Equal(2, ack.GetProperty("attempts").GetInt32());
        Assert.Contains(await client.OutboxAsync(id), m => m.Str("template") == "staff-delivery-failed");
        Assert.Contains(await client.OutboxAsync(id), m => m.Str("purpose") == "acknowledgement-email");
    }

    [Fact]
    public async Task TwoWakesRacing_ClaimTheTextOnce()
    {
        // Held for quiet hours, then released while two instances wake the same journey at once.
        var clock = new FosteringWorkflows.Hosting.SimulatedTimeProvider(new DateTimeOffset(2026, 12, 22, 22, 30, 0, TimeSpan.Zero));
        var prefix = TestService.NewPrefix();
        void Shared(IServiceCollection s)
        {
            s.AddSingleton(clock);
            s.AddSingleton<TimeProvider>(clock);
        }

        var settings = Providers.SettingsFor("hertfordshire", "Notify", "Notify");
        using var first = new TestService(azurite, prefix: prefix, settings: settings, services: Shared);
        using var second = new TestService(azurite, prefix: prefix, settings: settings, services: Shared);
        var id = await first.Officer().StartJourneyAsync();
        Assert.Empty(Providers.Calls);

        clock.MoveTo(new DateTimeOffset(2026, 12, 23, 8, 0, 0, TimeSpan.Zero));
        var engines = new[] { first, second }.Select(s => s.Services.GetRequiredService<FosteringWorkflows.Journeys.JourneyEngine>());
        await Task.WhenAll(engines.SelectMany(e => new[] { e.WakeAsync(id, CancellationToken.None), e.WakeAsync(id, CancellationToken.None) }));

        Assert.Single(Providers.Calls, c => c.Reference == $"{id}:acknowledgement");
    }

    [Fact]
    public async Task ClaimLeftByADeadDispatcher_IsTakenOverAfterItLapses_AndSentOnce()
    {
        using var service = Service("Notify", "Notify", start: new DateTimeOffset(2026, 12, 22, 22, 30, 0, TimeSpan.Zero));
        var client = service.Officer();
        var id = await client.StartJourneyAsync(); // a text held for quiet hours until 08:00
        var store = service.Services.GetRequiredService<FosteringWorkflows.Journeys.JourneyStore>();
        var held = (await store.LoadAsync(id, FosteringWorkflows.Journeys.LoadDepth.Working, cancellationToken: CancellationToken.None))!.Value.Journey.Messages.Single(m => m.Purpose == "acknowledgement");

        // Another instance claimed it at 07:59 for two minutes, and died before sending.
        var claimedAt = new DateTimeOffset(2026, 12, 23, 7, 59, 0, TimeSpan.Zero);
        Assert.NotNull(await store.ClaimAsync(held, claimedAt, claimedAt.AddMinutes(2), CancellationToken.None));
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 23, 8, 0, 30, TimeSpan.Zero));
        Assert.Empty(Providers.Calls); // at 08:00 the claim was still live: left alone

        await client.AdvanceAsync("PT10M");

        Assert.Single(Providers.Calls, c => c.Reference == $"{id}:acknowledgement");
        var message = await MessageAsync(client, id, "acknowledgement");
        Assert.Equal("Sent", message.Str("status"));
        Assert.Equal(2, message.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task DeliveryReceipt_Delivered_IsRecordedOnTheJourney()
    {
        using var service = Service("Notify", "Notify");
        var client = service.Officer();
        var id = await client.StartJourneyAsync();
        var at = TestService.ChristmasEve.AddMinutes(1);

        var response = await Receipt(service, "notify-callback-token-for-tests", $"{id}:acknowledgement", "delivered", at);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var message = await MessageAsync(client, id, "acknowledgement");
        Assert.Equal("Delivered", message.Str("status"));
        Assert.Equal(at, message.Time("deliveredAt"));
        Assert.Contains((await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("history").EnumerateArray(), h => h.Str("type") == "MessageDelivered");
    }

    [Fact]
    public async Task DeliveryReceipt_TextNotDelivered_FallsBackToEmailOnce()
    {
        using var service = Service("Notify", "Notify");
        var client = service.Officer();
        var id = await client.StartJourneyAsync();

        await Receipt(service, "notify-callback-token-for-tests", $"{id}:acknowledgement", "permanent-failure", TestService.ChristmasEve);
        await Receipt(service, "notify-callback-token-for-tests", $"{id}:acknowledgement", "permanent-failure", TestService.ChristmasEve);

        Assert.Equal("Failed", (await MessageAsync(client, id, "acknowledgement")).Str("status"));
        Assert.Single(Providers.Calls, c => c.Path == "/v2/notifications/email" && c.Reference == $"{id}:acknowledgement-email");
        Assert.Single(Providers.Calls, c => c.Reference == $"{id}:failed-acknowledgement");
    }

    [Fact]
    public async Task DeliveryReceipt_WrongToken_Is401AndChangesNothing()
    {
        using var service = Service("Notify", "Notify");
        var client = service.Officer();
        var id = await client.StartJourneyAsync();

        var response = await Receipt(service, "a-guess", $"{id}:acknowledgement", "delivered", TestService.ChristmasEve);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Sent", (await MessageAsync(client, id, "acknowledgement")).Str("status"));
    }

    [Fact]
    public async Task QuietHours_TextAt2230_WaitsUntil0800()
    {
        using var service = Service("Dev", "Dev", start: new DateTimeOffset(2026, 12, 22, 22, 30, 0, TimeSpan.Zero));
        var client = service.Officer();
        var id = await client.StartJourneyAsync();
        Assert.Empty(await client.OutboxAsync(id));
        Assert.Equal(new DateTimeOffset(2026, 12, 23, 8, 0, 0, TimeSpan.Zero), (await MessageAsync(client, id, "acknowledgement")).Time("notBefore"));

        await client.AdvanceAsync("PT12H");

        var sent = Assert.Single(await client.OutboxAsync(id), m => m.Str("purpose") == "acknowledgement");
        Assert.Equal(new DateTimeOffset(2026, 12, 23, 8, 0, 0, TimeSpan.Zero), sent.Time("sentAt"));
    }

    [Fact]
    public async Task QuietHours_EmailAt2230_GoesAtOnce()
    {
        using var service = Service("Dev", "Dev", start: new DateTimeOffset(2026, 12, 22, 22, 30, 0, TimeSpan.Zero));
        var client = service.Officer();

        var id = await client.StartJourneyAsync(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry(preferredChannel: "email"));

        Assert.Single(await client.OutboxAsync(id));
    }

    [Fact]
    public async Task NumberThatCannotTakeTexts_IsFlaggedAndEmailUsed()
    {
        using var service = Service("Dev", "Dev");
        var client = service.Officer();
        var enquiry = JsonSerializer.SerializeToNode(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry(), JsonSerializerOptions.Web)!;
        enquiry["applicant"]!["phone"] = "020 7946 0000"; // a London landline

        var id = await client.StartJourneyAsync(enquiry);

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Contains("PhoneNotTextable", journey.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("+442079460000", journey.GetProperty("applicant").Str("phone"));
        Assert.Equal("email", Assert.Single(await client.OutboxAsync(id)).Str("channel"));
    }

    [Fact]
    public async Task Health_SaysWhichProviderEachCouncilUses_OnlyToStaff()
    {
        using var service = Service("Acs", "SendGrid", teams: true);

        var anonymous = await service.CreateClient().GetJsonAsync("/health");
        Assert.Equal("Healthy", anonymous.Str("status"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, anonymous.GetProperty("checks").GetProperty("messaging").GetProperty("data").ValueKind);

        var health = await service.Officer().GetJsonAsync("/health");

        var herts = health.GetProperty("checks").GetProperty("messaging").GetProperty("data").GetProperty("hertfordshire");
        Assert.Equal("Acs", herts.Str("sms"));
        Assert.Equal("SendGrid", herts.Str("email"));
        Assert.True(herts.GetProperty("teams").GetBoolean());
        Assert.Equal("Dev", health.GetProperty("checks").GetProperty("messaging").GetProperty("data").GetProperty("leicestershire").Str("sms"));
    }

    [Fact]
    public async Task Receipt_WithOneCouncilsToken_ForAnotherCouncilsJourney_ChangesNothing()
    {
        using var service = Service("Notify", "Notify"); // Hertfordshire on Notify with its callback token; Leicestershire on the dev outbox
        var client = service.Officer();
        var id = await client.StartJourneyAsync(Infrastructure.Api.Enquiry(council: "leicestershire"));
        var before = (await client.GetJsonAsync($"/api/journeys/{id}")).GetRawText();

        var response = await Receipt(service, "notify-callback-token-for-tests", $"{id}:acknowledgement", "permanent-failure", TestService.ChristmasEve);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode); // acknowledged, so Notify stops retrying
        Assert.Equal(before, (await client.GetJsonAsync($"/api/journeys/{id}")).GetRawText());
    }

    private static async Task<HttpResponseMessage> Receipt(TestService service, string token, string reference, string status, DateTimeOffset at)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/notify/receipts")
        {
            Content = JsonContent.Create(new Dictionary<string, object?>
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["reference"] = reference,
                ["to"] = "+447911123456",
                ["status"] = status,
                ["created_at"] = at,
                ["completed_at"] = at,
                ["notification_type"] = "sms",
            }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await service.CreateClient().SendAsync(request);
    }
}
