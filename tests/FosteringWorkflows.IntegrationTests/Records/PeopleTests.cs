using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Records;

/// <summary>
/// A person's rights: a subject access export that holds every place their data lives (a marker planted in every field is
/// found), erasure of an enquiry where no retention duty applies, and rectification that history records without the old
/// values; each for Admin keys only, within their councils.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class PeopleTests(AzuriteFixture azurite)
{
    private static object Enquiry(string council = "hertfordshire") => new
    {
        localAuthority = council, channel = "web",
        applicant = new
        {
            firstName = "MarkerFirst", lastName = "MarkerLast", email = "Marker.Person@Example.org", phone = "07911 123456", postcode = "SG1 2FQ",
            preferredChannel = "email", preferredContactFrom = "18:00",
        },
        consent = new { sms = true, email = true },
    };

    [Fact]
    public async Task Export_ByEmailOrPhone_HoldsEveryPlaceTheirDataLives_AsJsonAndAsAPage()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        var id = await officer.StartJourneyAsync(Enquiry());
        await officer.PostEventAsync(id, "ContactMade");
        await officer.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" });
        await officer.PostEventAsync(id, "InitialVisitCompleted");
        await officer.PostEventAsync(id, "ProgressDecided", new { decision = "Progress" });
        await officer.PostEventAsync(id, "ApplicationReceived");
        await officer.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Partner", firstName = "MarkerMember", dateOfBirth = "1990-01-02" });
        await officer.PostEventAsync(id, "CheckNotApplicable", new { check = "Employer", reason = "MarkerReason: not in work" });
        await officer.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW1", note = "MarkerNote about the household" });
        var second = await officer.StartJourneyAsync(Enquiry("hampshire"));

        using var admin = service.As(Infrastructure.Api.AdminKey);
        var export = await admin.GetJsonAsync("/api/people/export?email=marker.person@example.org");

        Assert.Equal(TestService.ChristmasEve, export.Time("producedAt"));
        var journeys = export.GetProperty("journeys").EnumerateArray().ToList();
        Assert.Equal(new[] { id, second }.Order(StringComparer.Ordinal), journeys.Select(j => j.Str("journeyId")).Order(StringComparer.Ordinal));
        var text = export.ToString();
        foreach (var marker in new[] { "MarkerFirst", "MarkerLast", "Marker.Person@Example.org", "+447911123456", "SG1 2FQ", "MarkerMember", "MarkerReason", "MarkerNote" })
        {
            Assert.Contains(marker, text, StringComparison.Ordinal);
        }

        var first = journeys.Single(j => j.Str("journeyId") == id);
        var acknowledgement = first.GetProperty("messages").EnumerateArray().First(m => m.Str("template") == "enquiry-acknowledgement");
        Assert.Contains("MarkerFirst", acknowledgement.Str("body"), StringComparison.Ordinal);
        Assert.Contains(first.GetProperty("history").EnumerateArray(), h => h.Str("type") == "Withdrawn");

        var byPhone = await admin.GetJsonAsync("/api/people/export?phone=07911%20123456");
        Assert.Equal(2, byPhone.GetProperty("journeys").GetArrayLength());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/people/export?email=marker.person@example.org");
        request.Headers.Accept.ParseAdd("text/html");
        var page = await admin.SendAsync(request);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // A page, though its address is the API's: no script, never framed, as the managers' pages.
        Assert.Contains("script-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1 class=\"govuk-heading-l\">Your information held by the fostering service</h1>", html, StringComparison.Ordinal);
        Assert.Contains("MarkerNote about the household", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\" class=\"govuk-table__header\">", html, StringComparison.Ordinal);
        Assert.Contains("no-store", page.Headers.GetValues("Cache-Control").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharedPhone_TwoPeople_409NothingShownOrErased_BothIdentifiersNameOne()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        var ann = await officer.StartJourneyAsync(new { localAuthority = "hertfordshire", channel = "phone", applicant = new { firstName = "Ann", lastName = "Shared", email = "ann@example.org", phone = "07911 555001" }, consent = new { sms = true, email = true } });
        var bob = await officer.StartJourneyAsync(new { localAuthority = "hertfordshire", channel = "phone", applicant = new { firstName = "Bob", lastName = "Shared", email = "bob@example.org", phone = "07911 555001" }, consent = new { sms = true, email = true } });
        using var admin = service.As(Infrastructure.Api.AdminKey);

        var shown = await admin.GetAsync("/api/people/export?phone=07911555001");
        Assert.Equal(HttpStatusCode.Conflict, shown.StatusCode);
        Assert.DoesNotContain("Ann", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/api/people?phone=07911555001")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/journeys/{bob}")).StatusCode);

        var annOnly = await admin.GetJsonAsync("/api/people/export?phone=07911555001&email=ann@example.org");
        Assert.Equal([ann], annOnly.GetProperty("journeys").EnumerateArray().Select(j => j.Str("journeyId")));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/people?phone=07911555001&email=ann@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/journeys/{ann}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/journeys/{bob}")).StatusCode);
    }

    [Fact]
    public async Task Couple_SharingEmailAndPhone_NamedByName_OneExportedAndErased_TheOtherKept()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        object Applicant(string first) => new { localAuthority = "hertfordshire", channel = "phone", applicant = new { firstName = first, lastName = "Couple", email = "home@example.org", phone = "07911 555002" }, consent = new { sms = true, email = true } };
        var cat = await officer.StartJourneyAsync(Applicant("Cat"));
        var dan = await officer.StartJourneyAsync(Applicant("Dan"));
        using var admin = service.As(Infrastructure.Api.AdminKey);

        // Both identifiers still match both people: without a name, nothing is shown.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.GetAsync("/api/people/export?phone=07911555002&email=home@example.org")).StatusCode);

        var catOnly = await admin.GetJsonAsync("/api/people/export?email=home@example.org&phone=07911555002&firstName=cat&lastName=Couple");
        Assert.Equal([cat], catOnly.GetProperty("journeys").EnumerateArray().Select(j => j.Str("journeyId")));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/people/export?email=home@example.org&firstName=Eve")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/people/export?email=home@example.org&firstName=Cat%0A")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/people?email=home@example.org&firstName=Cat")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/journeys/{cat}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/journeys/{dan}")).StatusCode);
    }

    [Fact]
    public async Task Export_HubBuddyAndTimeLimitsIncluded_NeverCached_TimesInTheCouncilsZone()
    {
        using var service = new TestService(azurite);
        var response = await Hub.HubTests.PostHubAsync(service.CreateClient(), Hub.HubTests.Enquiry("se-export", preferred: "southampton"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var admin = service.As(Infrastructure.Api.AdminKey);

        var export = await admin.GetAsync("/api/people/export?email=alex@example.org");

        Assert.Equal("no-store", export.Headers.CacheControl?.ToString());
        var journey = JsonDocument.Parse(await export.Content.ReadAsStringAsync()).RootElement.GetProperty("journeys")[0];
        Assert.Equal("se-export", journey.GetProperty("hub").Str("hubEnquiryId"));
        Assert.Equal("ash", journey.GetProperty("buddy").Str("id"));
        Assert.Contains(journey.GetProperty("deadlines").EnumerateArray(), d => d.Str("clock") == "EnquiryResponse");
        Assert.EndsWith("+00:00", journey.GetProperty("messages")[0].Str("createdAt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OfficerKey403_UnknownPerson404_NeitherOrBoth400()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        await officer.StartJourneyAsync(Enquiry());
        using var admin = service.As(Infrastructure.Api.AdminKey);

        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/people/export?email=marker.person@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.Manager().DeleteAsync("/api/people?email=marker.person@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/people/export?email=nobody@example.org")).StatusCode);
        foreach (var (query, field) in new[]
        {
            ("", "email"), ("?email=a@b.org&email=c@d.org", "email"), ("?phone=", "phone"), ("?phone=123", "phone"), ("?email=not-an-address", "email"),
        })
        {
            var response = await admin.GetAsync($"/api/people/export{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [Fact]
    public async Task Erase_EnquiryThatNeverBecameAnApplication_Purged204_EverywhereItLived()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        var id = await officer.StartJourneyAsync(Enquiry());
        Assert.NotEmpty(await officer.OutboxAsync(id));
        using var admin = service.As(Infrastructure.Api.AdminKey);

        var erased = await admin.DeleteAsync("/api/people?email=marker.person@example.org");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/journeys/{id}")).StatusCode);
        Assert.Empty(await officer.OutboxAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/people/export?phone=07911123456")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/people?email=marker.person@example.org")).StatusCode);
    }

    [Fact]
    public async Task Erase_HubEnquiryWithAPeerBuddy_GivesTheBuddysPlaceBack()
    {
        using var service = new TestService(azurite);
        var response = await Hub.HubTests.PostHubAsync(service.CreateClient(), Hub.HubTests.Enquiry("se-erase", preferred: "southampton"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var pool = service.Services.GetRequiredService<FosteringWorkflows.Councils.BuddyPool>();
        Assert.Equal(1, (await pool.LoadsAsync("southampton", CancellationToken.None))["ash"]);
        using var admin = service.As(Infrastructure.Api.AdminKey);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/people?email=alex@example.org")).StatusCode);

        Assert.Equal(0, (await pool.LoadsAsync("southampton", CancellationToken.None))["ash"]);
    }

    [Fact]
    public async Task Erase_WhileAnApplicationIsOpen_409NamingTheRule_NothingErased()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        var enquiry = await officer.StartJourneyAsync(Enquiry());
        var application = await officer.StartAtStage1Async();
        using var admin = service.As(Infrastructure.Api.AdminKey);

        var refused = await admin.DeleteAsync("/api/people?email=sam@example.org");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("open-application", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.Str("rule"));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/journeys/{application}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/journeys/{enquiry}")).StatusCode);
    }

    [Fact]
    public async Task ErasedEnquiry_RetriedWithItsIdempotencyKey_410_NotCreatedAgain()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(Enquiry()) };
        first.Headers.Add("Idempotency-Key", "form-42");
        Assert.Equal(HttpStatusCode.Created, (await officer.SendAsync(first)).StatusCode);
        using var admin = service.As(Infrastructure.Api.AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/people?email=marker.person@example.org")).StatusCode);

        using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(Enquiry()) };
        retry.Headers.Add("Idempotency-Key", "form-42");
        Assert.Equal(HttpStatusCode.Gone, (await officer.SendAsync(retry)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/people/export?email=marker.person@example.org")).StatusCode);
    }

    [Fact]
    public async Task Rectify_ConsentToTextsWithdrawn_TextStillHeld_GoesByEmailInstead_NeverAsAText()
    {
        // 22:00 GMT: quiet hours hold the acknowledgement text until 08:00.
        using var service = new TestService(azurite, start: new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero));
        using var officer = service.Officer();
        var id = await officer.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire", channel = "phone",
            applicant = new { firstName = "Sam", lastName = "Jones", email = "sam@example.org", phone = "07911 123456", preferredChannel = "sms" },
            consent = new { sms = true, email = true },
        });
        Assert.Empty(await officer.OutboxAsync(id));
        using var admin = service.As(Infrastructure.Api.AdminKey);

        var corrected = await admin.PutAsJsonAsync($"/api/journeys/{id}/applicant", new
        {
            applicant = new { firstName = "Sam", lastName = "Jones", email = "sam@example.org", phone = "07911 123456", preferredChannel = "sms" },
            consent = new { sms = false, email = true },
        });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        await officer.AdvanceAsync("PT12H");

        var sent = await officer.OutboxAsync(id);
        var acknowledgement = Assert.Single(sent, m => m.Str("template") == "enquiry-acknowledgement");
        Assert.Equal("email", acknowledgement.Str("channel"));
        Assert.DoesNotContain(sent, m => m.Str("channel") == "sms");
    }

    [Fact]
    public async Task Rectify_NewEmail_HistoryNamesTheFieldNotTheOldValue_IndexFollows()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        var id = await officer.StartJourneyAsync(Enquiry());
        using var admin = service.As(Infrastructure.Api.AdminKey);

        var response = await admin.PutAsJsonAsync($"/api/journeys/{id}/applicant", new
        {
            applicant = new { firstName = "MarkerFirst", lastName = "MarkerLast", email = "new.address@example.org", phone = "07911 123456", postcode = "SG1 2FQ" },
            consent = new { sms = true, email = true },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var journey = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("new.address@example.org", journey.GetProperty("applicant").Str("email"));
        var corrected = journey.GetProperty("history").EnumerateArray().Single(h => h.Str("type") == "ApplicantCorrected");
        Assert.Equal(["email", "preferredChannel", "preferredContactFrom"], corrected.GetProperty("data").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain("Marker.Person", journey.GetProperty("history").ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/people/export?email=marker.person@example.org")).StatusCode);
        Assert.Equal(id, (await admin.GetJsonAsync("/api/people/export?email=new.address@example.org")).GetProperty("journeys")[0].Str("journeyId"));

        var bad = await admin.PutAsJsonAsync($"/api/journeys/{id}/applicant", new { applicant = new { firstName = "", lastName = "X", email = "nope" }, consent = new { sms = true, email = true } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsJsonAsync($"/api/journeys/{id}/applicant", new { })).StatusCode);
    }
}
