using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Intake;

[Collection(AzuriteTests.Name)]
public sealed class IntakeTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TestService _service = new(azurite);

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task PostEnquiry_ChristmasEve_CreatesJourneyDueTuesday0930AndAcknowledges()
    {
        var client = _service.Officer();

        var response = await client.PostAsJsonAsync("/api/enquiries", FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = body.Str("journeyId");
        Assert.Equal($"/api/journeys/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Enquiry", body.Str("stage"));
        Assert.Equal(new DateTimeOffset(2026, 12, 29, 9, 30, 0, TimeSpan.Zero), body.Deadline("EnquiryResponse").Time("dueAt"));

        var outbox = await client.OutboxAsync(id);
        var ack = Assert.Single(outbox);
        Assert.Equal("Applicant", ack.Str("kind"));
        Assert.Equal("sms", ack.Str("channel"));
        Assert.Equal("+447911123456", ack.Str("to")); // E.164, as providers take it
        Assert.Contains("Sam", ack.Str("body"), StringComparison.Ordinal);
        Assert.Contains("Tuesday 29 December 2026 at 09:30", ack.Str("body"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostEnquiry_RetriedWithTheSameIdempotencyKey_OneJourneyOneAcknowledgement()
    {
        var client = _service.Officer();
        async Task<HttpResponseMessage> Post(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry()) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var responses = await Task.WhenAll(Post("call-2026-12-24-001"), Post("call-2026-12-24-001"), Post("call-2026-12-24-001"));
        var other = await Post("call-2026-12-24-002");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Str("journeyId")));
        Assert.Single(ids.Distinct());
        Assert.NotEqual(ids[0], JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.Str("journeyId"));
        Assert.Equal(2, (await client.GetJsonAsync("/api/journeys")).GetProperty("items").GetArrayLength());
        Assert.Single(await client.OutboxAsync(ids[0]));
    }

    [Fact]
    public async Task PostEnquiry_RetriedAfterItWasRoutedToAnotherCouncil_AnsweredAsTheKeyMaySeeIt()
    {
        var herts = _service.As("dev-herts-officer-key");
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry()) };
            request.Headers.Add("Idempotency-Key", "herts-call-77");
            return await herts.SendAsync(request);
        }

        var first = await Post();
        var id = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.Str("journeyId");
        var moved = await _service.As("dev-admin-key").PostAsJsonAsync($"/api/journeys/{id}/route", new { localAuthority = "leicestershire" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var retry = await Post();

        Assert.Equal(HttpStatusCode.NotFound, (await herts.GetAsync($"/api/journeys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        Assert.DoesNotContain("leicestershire", await retry.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PostEnquiry_BadIdempotencyKey_Is400NamingTheHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry()) };
        request.Headers.Add("Idempotency-Key", new string('k', 101));

        var response = await _service.Officer().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task PostEnquiry_PreferredContactLater_StartsClockThen()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry(
            receivedAt: new DateTimeOffset(2026, 12, 22, 10, 0, 0, TimeSpan.Zero), preferredContactFrom: "16:00"));

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");

        var clock = journey.Deadline("EnquiryResponse");
        Assert.Equal(new DateTimeOffset(2026, 12, 22, 16, 0, 0, TimeSpan.Zero), clock.Time("startedAt"));
        Assert.Equal(new DateTimeOffset(2026, 12, 23, 10, 0, 0, TimeSpan.Zero), clock.Time("dueAt"));
    }

    [Fact]
    public async Task PostEnquiry_NoSmsConsent_AcknowledgesByEmail()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry(sms: false));

        var ack = Assert.Single(await client.OutboxAsync(id));

        Assert.Equal("email", ack.Str("channel"));
        Assert.Equal("sam@example.org", ack.Str("to"));
    }

    [Fact]
    public async Task PostEnquiry_NoConsentAtAll_SendsNothingToThem_TheTeamIsToldAtOnce()
    {
        var client = _service.Officer();
        var created = await client.PostAsJsonAsync("/api/enquiries", FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry(sms: false, email: false));
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.Str("journeyId");

        Assert.Equal(["Unreachable"], body.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var alert = Assert.Single(await client.OutboxAsync(id));
        Assert.Equal("staff-applicant-unreachable", alert.Str("template"));
        Assert.Equal("fostering.recruitment@hertfordshire.example", alert.Str("to"));
        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Contains(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "MessageNotSent");
    }

    [Fact]
    public async Task PostEnquiry_TextsOnly_ToALandline_FlaggedUnreachable_UntilTheyAgreeToEmail()
    {
        var client = _service.Officer();
        var enquiry = new
        {
            localAuthority = "hertfordshire", channel = "phone",
            applicant = new { firstName = "Lee", lastName = "Land", email = "lee@example.org", phone = "01992 555 123", preferredChannel = "sms" },
            consent = new { sms = true, email = false },
        };
        var created = await client.PostAsJsonAsync("/api/enquiries", enquiry);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.Str("journeyId");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["PhoneNotTextable", "Unreachable"], body.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Single(await client.OutboxAsync(id), m => m.Str("template") == "staff-applicant-unreachable");

        // They agree to email (a correction by the team): reachable again, the flag goes.
        var corrected = await client.AsAdminAsync(HttpMethod.Put, $"/api/journeys/{id}/applicant", new
        {
            applicant = new { firstName = "Lee", lastName = "Land", email = "lee@example.org", phone = "01992 555 123", preferredChannel = "sms" },
            consent = new { sms = true, email = true },
        });
        Assert.True(corrected.IsSuccessStatusCode, await corrected.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Unreachable", (await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    public static TheoryData<string, string> BadEnquiries => new()
    {
        { """{"channel":"phone","applicant":{"firstName":"A","lastName":"B","email":"a@b.org"},"consent":{"sms":false,"email":true}}""", "localAuthority" },
        { """{"localAuthority":"narnia","channel":"phone","applicant":{"firstName":"A","lastName":"B","email":"a@b.org"},"consent":{"sms":false,"email":true}}""", "localAuthority" },
        { """{"localAuthority":"hertfordshire","channel":"pigeon","applicant":{"firstName":"A","lastName":"B","email":"a@b.org"},"consent":{"sms":false,"email":true}}""", "channel" },
        { """{"localAuthority":"hertfordshire","channel":"phone","applicant":{"lastName":"B","email":"a@b.org"},"consent":{"sms":false,"email":true}}""", "applicant.firstName" },
        { """{"localAuthority":"hertfordshire","channel":"phone","applicant":{"firstName":"A","lastName":"B","email":"not-an-email"},"consent":{"sms":false,"email":true}}""", "applicant.email" },
        { """{"localAuthority":"hertfordshire","channel":"phone","applicant":{"firstName":"A","lastName":"B","phone":"12345"},"consent":{"sms":true,"email":false}}""", "applicant.phone" },
        { """{"localAuthority":"hertfordshire","channel":"phone","applicant":{"firstName":"A","lastName":"B","email":"a@b.org","postcode":"NOT A CODE"},"consent":{"sms":false,"email":true}}""", "applicant.postcode" },
        { """{"localAuthority":"hertfordshire","channel":"phone","applicant":{"firstName":"A","lastName":"B","email":"a@b.org"}}""", "consent" },
        { """{"localAuthority":"hertfordshire","channel":"phone","receivedAt":"yesterday","applicant":{"firstName":"A","lastName":"B","email":"a@b.org"},"consent":{"sms":false,"email":true}}""", "receivedAt" },
        { """{"localAuthority":"hertfordshire","channel":"phone","receivedAt":"2027-06-01T10:00:00+00:00","applicant":{"firstName":"A","lastName":"B","email":"a@b.org"},"consent":{"sms":false,"email":true}}""", "receivedAt" },
        { """{"localAuthority":"hertfordshire","channel":"phone","applicant":{"firstName":"A","lastName":"B","email":"a@b.org","preferredContactFrom":"6pm"},"consent":{"sms":false,"email":true}}""", "applicant.preferredContactFrom" },
        { """{"localAuthority":"hertfordshire",""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadEnquiries))]
    public async Task PostEnquiry_BadField_Is400ProblemNamingFieldAndStoresNothing(string json, string field)
    {
        var client = _service.Officer();

        var response = await client.PostAsync("/api/enquiries", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var list = await client.GetJsonAsync("/api/journeys");
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task PostEnquiry_NoKey_Is401Problem()
    {
        var response = await _service.CreateClient().PostAsJsonAsync("/api/enquiries", FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task PostEnquiry_WrongKey_Is401()
    {
        var response = await _service.As("not-a-real-key-at-all").PostAsJsonAsync("/api/enquiries", FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CouncilScopedKey_OtherCouncilsJourney_Is404AndNotListed()
    {
        var leicestershire = await _service.Officer().StartJourneyAsync(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry("leicestershire"));
        var hertfordshire = await _service.Officer().StartJourneyAsync();
        var herts = _service.As("dev-herts-officer-key");

        Assert.Equal(HttpStatusCode.NotFound, (await herts.GetAsync($"/api/journeys/{leicestershire}")).StatusCode);
        var eventResponse = await herts.PostAsJsonAsync($"/api/journeys/{leicestershire}/events", new { type = "ContactMade" });
        Assert.Equal(HttpStatusCode.NotFound, eventResponse.StatusCode);
        var listed = (await herts.GetJsonAsync("/api/journeys")).GetProperty("items").EnumerateArray().Select(i => i.Str("journeyId")).ToList();
        Assert.Equal([hertfordshire], listed);
        var create = await herts.PostAsJsonAsync("/api/enquiries", FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry("leicestershire"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        // The refused event changed nothing.
        var untouched = await _service.Officer().GetJsonAsync($"/api/journeys/{leicestershire}");
        Assert.Equal("Enquiry", untouched.Str("stage"));
    }

    [Fact]
    public async Task ListJourneys_Filters_ReturnMatchingAndPage()
    {
        var client = _service.Officer();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await client.StartJourneyAsync());
        }

        await client.PostEventAsync(ids[0], "ContactMade");

        var screening = await client.GetJsonAsync("/api/journeys?stage=Screening");
        Assert.Equal([ids[0]], screening.GetProperty("items").EnumerateArray().Select(i => i.Str("journeyId")));
        var firstPage = await client.GetJsonAsync("/api/journeys?localAuthority=hertfordshire&pageSize=2");
        Assert.Equal(2, firstPage.GetProperty("items").GetArrayLength());
        var token = firstPage.Str("continuationToken");
        var secondPage = await client.GetJsonAsync($"/api/journeys?localAuthority=hertfordshire&pageSize=2&continuationToken={Uri.EscapeDataString(token)}");
        Assert.Single(secondPage.GetProperty("items").EnumerateArray());
        var bad = await client.GetAsync("/api/journeys?stage=Nowhere");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task ListJourneys_PagedToTheEnd_GivesEveryJourneyOnce_InFullPages()
    {
        // Journeys live in eight tables by a hash of their id; a page is filled from one table after another.
        var client = _service.Officer();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await client.StartJourneyAsync());
        }

        var seen = new List<string>();
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var page = await client.GetJsonAsync($"/api/journeys?pageSize=3{(token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}")}");
            var items = page.GetProperty("items").EnumerateArray().Select(i => i.Str("journeyId")).ToList();
            seen.AddRange(items);
            sizes.Add(items.Count);
            token = page.GetProperty("continuationToken") is { ValueKind: JsonValueKind.String } next ? next.GetString() : null;
        }
        while (token is not null && sizes.Count < 30);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal([3, 3, 3, 3, 3, 3, 2], sizes);
    }

    [Fact]
    public async Task ListJourneys_Overdue_ListsOnlyBreached()
    {
        var client = _service.Officer();
        var late = await client.StartJourneyAsync();
        await client.AdvanceAsync("P5D");
        var onTime = await client.StartJourneyAsync();

        var overdue = await client.GetJsonAsync("/api/journeys?overdue=true");

        var item = Assert.Single(overdue.GetProperty("items").EnumerateArray());
        Assert.Equal(late, item.Str("journeyId"));
        Assert.True(item.GetProperty("overdue").GetBoolean());
        Assert.NotEqual(late, onTime);
    }

    [Fact]
    public async Task Health_StorageUp_Is200()
    {
        var response = await _service.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ApiReferencePage_IsServed()
    {
        var response = await _service.CreateClient().GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheEndpoints()
    {
        var document = await _service.CreateClient().GetJsonAsync("/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/enquiries", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/journeys/{id}/events", out _));
        Assert.Equal("FosteringWorkflows API", document.GetProperty("info").Str("title"));
        Assert.Contains("X-Api-Key", document.GetProperty("info").Str("description"), StringComparison.Ordinal);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.Str("type"));
        Assert.Equal("X-Api-Key", scheme.Str("name"));

        // Each operation lists the errors it can answer with.
        var events = document.GetProperty("paths").GetProperty("/api/journeys/{id}/events").GetProperty("post");
        var statuses = events.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "200", "400", "401", "403", "404", "409", "413", "415" }, statuses);
        Assert.NotEmpty(events.GetProperty("security").EnumerateArray());
        var hub = document.GetProperty("paths").GetProperty("/api/hub/enquiries").GetProperty("post").GetProperty("responses");
        Assert.True(hub.TryGetProperty("429", out _));
        Assert.False(document.GetProperty("paths").GetProperty("/api/hub/enquiries").GetProperty("post").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task IntakeKey_CreatesEnquiries_AndNothingElse()
    {
        var intake = _service.As("dev-intake-key");
        var created = await intake.PostAsJsonAsync("/api/enquiries", FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.Str("journeyId");

        // A council's web form holds this key: it reads nothing, records no step, withdraws nobody, sees no page.
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.GetAsync($"/api/journeys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.GetAsync("/api/journeys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "ContactMade" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.GetAsync("/api/reports/sla")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.GetAsync("/api/triage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.GetAsync("/work")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.GetAsync($"/journeys/{id}")).StatusCode);

        var journey = await _service.Officer().GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("Enquiry", journey.Str("stage")); // untouched by the refused calls
    }
}
