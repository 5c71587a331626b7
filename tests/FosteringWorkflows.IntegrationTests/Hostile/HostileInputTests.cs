using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Hostile;

/// <summary>
/// Bad requests, one row each: what a hostile or careless caller sends, the status it must get, and the field the
/// problem must name. The next hole of this kind is caught by adding a row. The simulated clock stands at
/// Thu 24 Dec 2026 15:30 UTC; <c>{id}</c> is a Hertfordshire journey made for the row, still at the Enquiry stage.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class HostileInputTests(AzuriteFixture azurite) : IDisposable
{
    private const string Officer = "dev-officer-key";
    private const string HertsOfficer = "dev-herts-officer-key";

    private readonly TestService _service = new(azurite);

    public void Dispose() => _service.Dispose();

    public static TheoryData<string, string, string, string?, string, int, string?> Rows() => new()
    {
        // Instants: an offset always, and within bounds.
        { "POST", "/api/enquiries", Enquiry("\"receivedAt\":\"0001-01-01T00:00:00+00:00\","), "application/json", Officer, 400, "receivedAt" },
        { "POST", "/api/enquiries", Enquiry("\"receivedAt\":\"2027-06-01T10:00:00+01:00\","), "application/json", Officer, 400, "receivedAt" },
        { "POST", "/api/enquiries", Enquiry("\"receivedAt\":\"2026-12-24T10:00:00\","), "application/json", Officer, 400, "receivedAt" },
        { "POST", "/api/enquiries", Enquiry("\"receivedAt\":\"2026-12-24\","), "application/json", Officer, 400, "receivedAt" },
        { "POST", "/api/journeys/{id}/events", """{"type":"ContactMade","occurredAt":"0001-01-01T00:00:00+00:00"}""", "application/json", Officer, 400, "occurredAt" },
        { "POST", "/api/journeys/{id}/events", """{"type":"ContactMade","occurredAt":"2026-12-20T10:00:00+00:00"}""", "application/json", Officer, 400, "occurredAt" },
        { "POST", "/api/journeys/{id}/events", """{"type":"ContactMade","occurredAt":"2026-12-24T15:40:00"}""", "application/json", Officer, 400, "occurredAt" },
        { "POST", "/api/journeys/{id}/events", """{"type":"ContactMade","occurredAt":"2026-12-25T15:40:00+00:00"}""", "application/json", Officer, 400, "occurredAt" },
        { "POST", "/api/journeys/{id}/events", """{"type":"InitialVisitBooked","data":{"visitAt":"9999-12-31T10:00:00+00:00"}}""", "application/json", Officer, 400, "data.visitAt" },
        { "POST", "/api/journeys/{id}/events", """{"type":"InitialVisitBooked","data":{"visitAt":"2027-01-10T10:00:00"}}""", "application/json", Officer, 400, "data.visitAt" },
        { "POST", "/api/journeys/{id}/events", """{"type":"PanelDateSet","data":{"panelDate":"2020-01-10T10:00:00+00:00"}}""", "application/json", Officer, 400, "data.panelDate" },

        // The steps staff record from the pages too: a note, a call attempt, an allocation.
        { "POST", "/api/journeys/{id}/events", """{"type":"NoteAdded","data":{"text":"a\u202eb"}}""", "application/json", Officer, 400, "data.text" },
        { "POST", "/api/journeys/{id}/events", """{"type":"NoteAdded","data":{"text":"\u0007"}}""", "application/json", Officer, 400, "data.text" },
        { "POST", "/api/journeys/{id}/events", """{"type":"NoteAdded","data":{"text":"\ud800"}}""", "application/json", Officer, 400, "data.text" },
        { "POST", "/api/journeys/{id}/events", """{"type":"NoteAdded","data":{"text":["a"]}}""", "application/json", Officer, 400, "data.text" },
        { "POST", "/api/journeys/{id}/events", """{"type":"ContactAttempted","data":{"outcome":"noanswer"}}""", "application/json", Officer, 400, "data.outcome" },
        { "POST", "/api/journeys/{id}/events", """{"type":"Allocated","data":{"to":"olu@example.org\n"}}""", "application/json", Officer, 400, "data.to" },
        { "POST", "/api/journeys/{id}/events", """{"type":"Allocated","data":{"to":"olu\u00e9@example.org"}}""", "application/json", Officer, 400, "data.to" },
        { "POST", "/api/journeys/{id}/events", """{"type":"Allocated","data":{"to":17}}""", "application/json", Officer, 400, "data.to" },

        // Text people typed: no control or bidirectional characters, lengths as a reader counts them.
        { "POST", "/api/enquiries", Enquiry(firstName: "Sam\\u0000"), "application/json", Officer, 400, "applicant.firstName" },
        { "POST", "/api/enquiries", Enquiry(firstName: "Sam\\r\\nBcc: all@example.org"), "application/json", Officer, 400, "applicant.firstName" },
        { "POST", "/api/enquiries", Enquiry(lastName: "Jones\\u202Egpj.exe"), "application/json", Officer, 400, "applicant.lastName" },
        { "POST", "/api/enquiries", Enquiry(firstName: string.Concat(Enumerable.Repeat("\\uD83D\\uDE00", 101))), "application/json", Officer, 400, "applicant.firstName" },
        { "POST", "/api/journeys/{id}/withdraw", """{"reasonCode":"AW1","note":"moved\u0000away"}""", "application/json", Officer, 400, "note" },
        { "POST", "/api/journeys/{id}/withdraw", "{\"reasonCode\":\"AW1\",\"note\":\"a" + string.Concat(Enumerable.Repeat("\\u0301", 5000)) + "\"}", "application/json", Officer, 400, "note" },
        { "POST", "/api/enquiries", Enquiry(firstName: "a" + string.Concat(Enumerable.Repeat("\\u0301", 400))), "application/json", Officer, 400, "applicant.firstName" },
        { "POST", "/api/enquiries", Enquiry(lastName: "Jo\\u2028x"), "application/json", Officer, 400, "applicant.lastName" },
        { "POST", "/api/enquiries", Enquiry(lastName: "Jo\\u200Bx"), "application/json", Officer, 400, "applicant.lastName" },
        { "POST", "/api/enquiries", Enquiry(lastName: "Jo\\uFEFFx"), "application/json", Officer, 400, "applicant.lastName" },

        // Contact details take the names' rule too, and a pattern's end is the end of the text (a final newline is not).
        { "POST", "/api/enquiries", Enquiry(contact: "\"email\":\"sam@example.org\",\"postcode\":\"PO4 8AA\\n\""), "application/json", Officer, 400, "applicant.postcode" },
        { "POST", "/api/enquiries", Enquiry(contact: "\"email\":\"sam@example.org\",\"postcode\":\"PO4 8AA\\r\\n\""), "application/json", Officer, 400, "applicant.postcode" },
        { "POST", "/api/enquiries", Enquiry(contact: "\"email\":\"sam@example.org\",\"postcode\":\"PO4\\u202E8AA\""), "application/json", Officer, 400, "applicant.postcode" },
        { "POST", "/api/enquiries", Enquiry(contact: "\"email\":\"\\u202Esam@example.org\""), "application/json", Officer, 400, "applicant.email" },
        { "POST", "/api/enquiries", Enquiry(contact: "\"email\":\"sam@example.org\\n\""), "application/json", Officer, 400, "applicant.email" },
        { "POST", "/api/enquiries", Enquiry(contact: "\"email\":\"sam\\u200B@example.org\""), "application/json", Officer, 400, "applicant.email" },
        { "POST", "/api/enquiries", Enquiry(contact: "\"phone\":\"07911 123456\\n\""), "application/json", Officer, 400, "applicant.phone" },
        { "POST", "/api/enquiries", Enquiry(contact: "\"phone\":\"07911\\u00A0123456\\u2029\""), "application/json", Officer, 400, "applicant.phone" },
        { "POST", "/api/enquiries", Enquiry("\"receivedAt\":\"2026-12-24T10:00:00+00:00\\n\","), "application/json", Officer, 400, "receivedAt" },

        // Bodies: one limit, one media type, for every endpoint.
        { "POST", "/api/enquiries", Enquiry(), "text/plain", Officer, 415, null },
        { "POST", "/api/enquiries", Enquiry(), null, Officer, 415, null },
        { "POST", "/api/journeys/{id}/events", """{"type":"ContactMade"}""", null, Officer, 415, null },
        { "POST", "/api/enquiries", "{\"padding\":\"" + new string('x', 300 * 1024) + "\"}", "application/json", Officer, 413, null },
        { "POST", "/api/journeys/{id}/events", "{\"type\":\"ContactMade\",\"data\":{\"junk\":\"" + new string('x', 300 * 1024) + "\"}}", "application/json", Officer, 413, null },

        // Query parameters.
        { "GET", "/api/journeys?overdue=banana", "", null, Officer, 400, "overdue" },
        { "GET", "/api/journeys?pageSize=999999999999", "", null, Officer, 400, "pageSize" },
        { "GET", "/api/journeys?pageSize=0", "", null, Officer, 400, "pageSize" },
        { "GET", "/api/journeys?continuationToken=garbage", "", null, Officer, 400, "continuationToken" },
        { "GET", "/api/journeys?dueBefore=2026-12-29T10:00:00", "", null, Officer, 400, "dueBefore" },
        { "GET", "/api/journeys?dueBefore=%27%20or%201%3D1", "", null, Officer, 400, "dueBefore" },
        { "GET", "/api/journeys?clock=enquiryresponse", "", null, Officer, 400, "clock" },
        { "GET", "/api/journeys?allocatedTo=" + new string('a', 201), "", null, Officer, 400, "allocatedTo" },
        { "GET", "/api/journeys?order=due%00", "", null, Officer, 400, "order" },
        { "GET", "/api/journeys?order=due&continuationToken=due.-1", "", null, Officer, 400, "continuationToken" },
        { "GET", "/api/journeys?order=due&continuationToken=due.99999999999", "", null, Officer, 400, "continuationToken" },
        // The shape of a page token (table:position) without the service's checksum.
        { "GET", "/api/journeys?continuationToken=MDpwcm9iZQ", "", null, Officer, 400, "continuationToken" },
        { "GET", "/api/triage?continuationToken=Z2FyYmFnZQ", "", null, Officer, 400, "continuationToken" },

        // The simulation: Admin only, and bounded.
        { "GET", "/api/dev/outbox", "", null, Officer, 403, null },
        { "GET", "/api/dev/outbox", "", null, "", 401, null },
        { "POST", "/api/dev/clock/advance", """{"by":"P7D"}""", "application/json", Officer, 403, null },
        { "POST", "/api/dev/clock/advance", """{"by":"P99999999D"}""", "application/json", TestServiceAdmin, 400, "by" },
        { "POST", "/api/dev/clock/advance", """{"by":"banana"}""", "application/json", TestServiceAdmin, 400, "by" },
        { "POST", "/api/dev/clock/advance", """{"to":"9999-12-31T00:00:00+00:00"}""", "application/json", TestServiceAdmin, 400, "to" },

        // Scope: a key moves a journey only to a council it holds.
        { "POST", "/api/journeys/{id}/route", """{"localAuthority":"leicestershire"}""", "application/json", HertsOfficer, 403, null },
        { "POST", "/api/journeys/{id}/route", """{"localAuthority":"HERTFORDSHIRE"}""", "application/json", HertsOfficer, 409, null },
        { "POST", "/api/hub/enquiries", """{"hubEnquiryId":"x"}""", null, "", 415, null },

        // Stage 1 records: every field checked before the journey is read.
        { "POST", "/api/journeys/{id}/events", """{"type":"CheckNotApplicable","data":{"check":"DBS"}}""", "application/json", Officer, 400, "data.reason" },
        { "POST", "/api/journeys/{id}/events", """{"type":"HouseholdMemberAdded","data":{"relationship":"Child","firstName":"Jo\ud800","dateOfBirth":"2001-01-01"}}""", "application/json", Officer, 400, "data.firstName" },
        { "POST", "/api/journeys/{id}/events", """{"type":"HouseholdMemberAdded","data":{"relationship":"Child","firstName":"Jo","dateOfBirth":"2001-02-30"}}""", "application/json", Officer, 400, "data.dateOfBirth" },

        // Records and the audit: Admin only, each person named once, periods and ids well-formed.
        { "GET", "/api/people/export?email=a@example.org", "", null, Officer, 403, null },
        { "GET", "/api/people/export?email=a@example.org&email=b@example.org", "", null, TestServiceAdmin, 400, "email" },
        { "GET", "/api/people/export?phone=123", "", null, TestServiceAdmin, 400, "phone" },
        { "DELETE", "/api/people?phone=", "", null, TestServiceAdmin, 400, "phone" },
        { "GET", "/api/audit", "", null, Officer, 403, null },
        { "GET", "/api/audit?journeyId=jo@example.org", "", null, TestServiceAdmin, 400, "journeyId" },
        { "GET", "/api/audit?from=2026-13-01", "", null, TestServiceAdmin, 400, "from" },
        { "POST", "/api/journeys/{id}/approval-ended", "{}", "application/json", Officer, 409, null },
        { "POST", "/api/journeys/{id}/approval-ended", """{"endedAt":"2026-12-24"}""", "application/json", Officer, 400, "endedAt" },
        { "POST", "/api/journeys/{id}/events", """{"type":"SkillsToFosterInvited"}""", "application/json", Officer, 409, null },
        { "GET", "/api/reports/sla", "", null, Officer, 403, null },
        { "GET", "/api/journeys/" + new string('a', 8100), "", null, Officer, 404, null },
        { "POST", "/api/journeys/" + new string('b', 8100) + "/withdraw", """{"reasonCode":"AW1"}""", "application/json", Officer, 404, null },
        { "GET", "/api/reports/funnel.csv?localAuthority=hertfordshire,narnia", "", null, Manager, 400, "localAuthority" },
        { "GET", "/api/reports/kpis?from=2026-02-30", "", null, Manager, 400, "from" },
        { "GET", "/api/reports/time-in-stage?from=2026-12-01&to=2026-11-30", "", null, Manager, 400, "to" },
        { "GET", "/api/reports/sla?clock=Panel,%3DHYPERLINK(1)", "", null, Manager, 400, "clock" },
        { "GET", "/api/reports/ofsted?year=2027-27", "", null, Manager, 400, "year" },

        // Event Grid's webhook (Azure Communication Services): the key in the URL, the whole batch checked first.
        { "POST", "/api/acs/events?key=not-the-key", "[]", "application/json", "", 401, null },
        { "POST", "/api/acs/events", "[]", "application/json", "", 401, null },
        { "POST", "/api/acs/events?key=dev-eventgrid-key", "not json", "application/json", "", 400, "body" },
        { "POST", "/api/acs/events?key=dev-eventgrid-key", "[]", "text/plain", "", 415, null },
        { "POST", "/api/acs/events?key=dev-eventgrid-key", AcsEvent("Microsoft.EventGrid.SubscriptionValidationEvent", "{}"), "application/json", "", 400, "[0].data.validationCode" },
        { "POST", "/api/acs/events?key=dev-eventgrid-key", AcsEvent("Microsoft.Communication.SMSReceived", "\"a string\""), "application/json", "", 400, "[0].data" },
        { "POST", "/api/acs/events?key=dev-eventgrid-key", AcsEvent("Microsoft.Communication.SMSReceived", """{"From":"+447911123456"}"""), "application/json", "", 400, "[0].data.message" },
        { "POST", "/api/acs/events?key=dev-eventgrid-key", AcsEvent("Microsoft.Communication.SMSReceived", """{"From":"no number","Message":"Hi"}"""), "application/json", "", 400, "[0].data.from" },
        { "POST", "/api/acs/events?key=dev-eventgrid-key", AcsEvent("Microsoft.Communication.SMSReceived", """{"MessageId":5,"From":"+447911123456","Message":"Hi"}"""), "application/json", "", 400, "[0].data.messageId" },
        { "POST", "/api/acs/events?key=dev-eventgrid-key", AcsEvent("Microsoft.Communication.SMSReceived", """{"From":"+447911123456","Message":"Hi","ReceivedTimestamp":"yesterday"}"""), "application/json", "", 400, "[0].data.receivedTimestamp" },
    };

    /// <summary>One Event Grid event of a type, with the data given as JSON, in a batch of one.</summary>
    private static string AcsEvent(string type, string data) =>
        $$"""[{"id":"e1","topic":"/subscriptions/0/resourceGroups/r/providers/Microsoft.Communication/CommunicationServices/c","subject":"/phonenumber/447700900000","eventType":"{{type}}","eventTime":"2026-12-24T15:40:00Z","dataVersion":"1.0","data":{{data}}}]""";

    private const string Manager = "dev-manager-key";

    private const string TestServiceAdmin = Infrastructure.Api.AdminKey;

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task BadRequest_GetsItsStatusAndNamesTheField_AndChangesNothing(
        string method, string path, string body, string? contentType, string key, int status, string? field)
    {
        string? id = null;
        if (path.Contains("{id}", StringComparison.Ordinal))
        {
            id = await _service.Officer().StartJourneyAsync(Infrastructure.Api.Enquiry(receivedAt: TestService.ChristmasEve.AddHours(-1)));
            path = path.Replace("{id}", id, StringComparison.Ordinal);
        }

        var before = id is null ? null : (await _service.Officer().GetJsonAsync($"/api/journeys/{id}")).GetRawText();
        using var client = _service.CreateClient();
        if (key.Length > 0)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            }
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(status == (int)response.StatusCode, $"{method} {path}: expected {status}, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.TryGetProperty("type", out _), "a problem names its type");
        if (status == 415)
        {
            Assert.Equal("application/json", problem.Str("expected"));
            Assert.Contains("Content-Type", problem.Str("detail"), StringComparison.Ordinal);
        }
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected the field {field}: {text}");
        }

        if (id is not null)
        {
            Assert.Equal(before, (await _service.Officer().GetJsonAsync($"/api/journeys/{id}")).GetRawText());
        }
    }

    [Fact]
    public async Task GoodNeighbours_OfTheBadRows_AreAccepted()
    {
        var client = _service.Officer();
        var hundredEmoji = string.Concat(Enumerable.Repeat("😀", 100));
        var id = await client.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire",
            channel = "phone",
            receivedAt = "2026-12-24T10:00:00+00:00",
            applicant = new { firstName = hundredEmoji, lastName = "O'Brien-Núñez", email = "sam@example.org" },
            consent = new { sms = false, email = true },
        });
        var contact = await client.PostEventAsync(id, "ContactMade", occurredAt: new DateTimeOffset(2026, 12, 24, 11, 0, 0, TimeSpan.Zero));
        Assert.Equal("Screening", contact.Str("stage"));

        foreach (var by in new[] { "P1W", "PT1.5H", "P1DT2H30M" })
        {
            var response = await client.AsAdminAsync(HttpMethod.Post, "/api/dev/clock/advance", new { by });
            Assert.True(response.IsSuccessStatusCode, $"{by}: {await response.Content.ReadAsStringAsync()}");
        }

        var now = (await _service.As(Infrastructure.Api.AdminKey).GetJsonAsync("/api/dev/clock")).Time("now");
        Assert.Equal(TestService.ChristmasEve.AddDays(7).AddHours(1.5).AddDays(1).AddHours(2.5), now);
    }

    [Fact]
    public async Task IdempotencyKey_ReusedWithAnotherBody_Is422_AndTheFirstJourneyStands()
    {
        var client = _service.Officer();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(Infrastructure.Api.Enquiry()) };
        first.Headers.Add("Idempotency-Key", "form-77");
        var created = await client.SendAsync(first);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(Infrastructure.Api.Enquiry(council: "leicestershire")) };
        other.Headers.Add("Idempotency-Key", "form-77");
        var refused = await client.SendAsync(other);
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.True(JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(Infrastructure.Api.Enquiry()) };
        again.Headers.Add("Idempotency-Key", "form-77");
        var repeated = await client.SendAsync(again);
        Assert.Equal(created.Headers.Location, repeated.Headers.Location);
    }

    [Fact]
    public async Task OccurredAt_BeforeTheLatestRecordedStep_Is400_AndTheJourneyStaysWhereItWas()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync(Infrastructure.Api.Enquiry(receivedAt: TestService.ChristmasEve.AddHours(-5)));
        await client.PostEventAsync(id, "ContactMade", occurredAt: TestService.ChristmasEve.AddHours(-1));

        var response = await client.PostAsJsonAsync($"/api/journeys/{id}/events",
            new { type = "ScreeningCompleted", occurredAt = TestService.ChristmasEve.AddHours(-2), data = new { nextStep = "InitialVisit" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("occurredAt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Screening", (await client.GetJsonAsync($"/api/journeys/{id}")).Str("stage"));
    }

    [Fact]
    public async Task EventWithoutOccurredAt_AfterAStepDatedAMinuteAhead_IsDatedWithThatStep()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();
        var ahead = TestService.ChristmasEve.AddMinutes(4); // within the tolerance for a caller's clock
        await client.PostEventAsync(id, "ContactMade", occurredAt: ahead);

        var screened = await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" });

        Assert.Equal(ahead, screened.GetProperty("history").EnumerateArray().Last().Time("at"));
    }

    [Fact]
    public async Task CouncilNames_InAnySpelling_AreStoredAsConfigured()
    {
        var hub = await Hub.HubTests.PostHubAsync(_service.CreateClient(), new
        {
            hubEnquiryId = "se-caps",
            preferredLocalAuthority = "PORTSMOUTH",
            applicant = new { firstName = "Alex", lastName = "Smith", email = "alex@example.org" },
            consent = new { sms = false, email = true },
        });
        var answer = JsonDocument.Parse(await hub.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("portsmouth", answer.Str("routedTo"));
        var listed = await _service.Officer().GetJsonAsync("/api/journeys?localAuthority=portsmouth");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), j => j.Str("journeyId") == answer.Str("journeyId"));
    }

    [Fact]
    public async Task SimulatedClock_AfterARestart_ResumesWhereItWas()
    {
        var prefix = TestService.NewPrefix();
        using (var first = new TestService(azurite, prefix: prefix))
        {
            await first.Officer().AdvanceAsync("P30D");
        }

        using var restarted = new TestService(azurite, prefix: prefix);
        var now = (await restarted.As(Infrastructure.Api.AdminKey).GetJsonAsync("/api/dev/clock")).Time("now");
        Assert.Equal(TestService.ChristmasEve.AddDays(30), now);
    }

    private static string Enquiry(string extra = "", string firstName = "Sam", string lastName = "Jones", string contact = "\"email\":\"sam@example.org\"") =>
        "{" + extra + "\"localAuthority\":\"hertfordshire\",\"channel\":\"phone\",\"applicant\":{\"firstName\":\"" + firstName + "\",\"lastName\":\"" + lastName
        + "\"," + contact + "},\"consent\":{\"sms\":false,\"email\":true}}";
}
