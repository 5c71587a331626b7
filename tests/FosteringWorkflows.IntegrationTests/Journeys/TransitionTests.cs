using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Journeys;

[Collection(AzuriteTests.Name)]
public sealed class TransitionTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TestService _service = new(azurite);

    public void Dispose() => _service.Dispose();

    /// <summary>Every event with valid data, so a refusal can only be the stage's doing.</summary>
    public static TheoryData<string, string> EventsRefusedAtEnquiry()
    {
        var data = new TheoryData<string, string>();
        foreach (var (type, body) in ValidBodies)
        {
            if (type != "ContactMade")
            {
                data.Add(type, body);
            }
        }

        return data;
    }

    private static readonly (string Type, string Data)[] ValidBodies =
    [
        ("ContactMade", "{}"),
        ("ScreeningCompleted", """{"nextStep":"InitialVisit"}"""),
        ("InitialVisitBooked", """{"visitAt":"2027-01-10T10:00:00+00:00"}"""),
        ("InitialVisitCompleted", "{}"),
        ("ProgressDecided", """{"decision":"Progress"}"""),
        ("ApplicationReceived", "{}"),
        ("CheckCompleted", """{"check":"DBS"}"""),
        ("Stage1Completed", """{"outcome":"Proceed"}"""),
        ("AssessmentStarted", "{}"),
        ("PanelDateSet", """{"panelDate":"2027-06-01T10:00:00+00:00"}"""),
        ("AssessmentCompleted", "{}"),
        ("PanelRecommendationMade", """{"recommendation":"Approve"}"""),
        ("AgencyDecisionMade", """{"decision":"Approve"}"""),
        ("PanelPapersSent", "{}"),
        ("Stage1InformationComplete", "{}"),
        ("PanelMinutesReceived", "{}"),
        ("QualifyingDetermination", "{}"),
        ("RepresentationsReceived", "{}"),
        ("IrmRequested", "{}"),
        ("IrmRecommendationMade", """{"recommendation":"Approve"}"""),
        ("HouseholdMemberAdded", """{"relationship":"Partner","firstName":"Alex","dateOfBirth":"1990-05-01"}"""),
        ("CheckNotApplicable", """{"check":"Employer","reason":"Not in work"}"""),
    ];

    [Fact]
    public async Task CallAttemptsNotesAndAllocation_RecordedThroughTheEventsEndpoint_TheClockRunsOn_NotesInTheExport()
    {
        var client = _service.Officer();
        var email = $"notes-{Guid.NewGuid():N}@example.org";
        var id = await client.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire",
            channel = "phone",
            applicant = new { firstName = "Nia", lastName = "Noble", email, phone = "07911 123456" },
            consent = new { sms = true, email = true },
        });

        await client.PostEventAsync(id, "ContactAttempted", new { outcome = "NoAnswer" });
        await client.PostEventAsync(id, "ContactAttempted", new { outcome = "LeftMessage" });
        await client.PostEventAsync(id, "NoteAdded", new { text = "Asked us to call after 6pm.\nTwo dogs." });
        var allocated = await client.PostEventAsync(id, "Allocated", new { to = "herts-officer@loopback.example" });

        Assert.Equal("Enquiry", allocated.Str("stage"));
        Assert.Equal("herts-officer@loopback.example", allocated.Str("allocatedTo"));
        Assert.Equal("Pending", allocated.GetProperty("deadlines").EnumerateArray().Single(d => d.Str("clock") == "EnquiryResponse").Str("state"));
        var history = allocated.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["NoAnswer", "LeftMessage"], history.Where(h => h.Str("type") == "ContactAttempted").Select(h => h.GetProperty("data").Str("outcome")));
        Assert.Single(history, h => h.Str("type") == "NoteAdded" && h.GetProperty("data").Str("text") == "Asked us to call after 6pm.\nTwo dogs." && h.Str("actor") == "dev-officer");

        // Allocated to the same person again changes nothing; to nobody, unallocated.
        Assert.Equal(history.Count, (await client.PostEventAsync(id, "Allocated", new { to = "herts-officer@loopback.example" })).GetProperty("history").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, (await client.PostEventAsync(id, "Allocated", new { to = (string?)null })).GetProperty("allocatedTo").ValueKind);

        // The note is the applicant's personal data: in their subject access export.
        using var admin = _service.As(Infrastructure.Api.AdminKey);
        var export = await admin.GetStringAsync($"/api/people/export?email={Uri.EscapeDataString(email)}");
        Assert.Contains("Asked us to call after 6pm.", export, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"ContactAttempted","data":{"outcome":"Busy"}}""", "data.outcome")]
    [InlineData("""{"type":"ContactAttempted"}""", "data.outcome")]
    [InlineData("""{"type":"NoteAdded","data":{"text":""}}""", "data.text")]
    [InlineData("""{"type":"NoteAdded","data":{"text":"   "}}""", "data.text")]
    [InlineData("""{"type":"NoteAdded","data":{"text":"a\u0000b"}}""", "data.text")]
    [InlineData("""{"type":"NoteAdded","data":{"text":"call \u202emoc.live"}}""", "data.text")]
    [InlineData("""{"type":"NoteAdded","data":{"text":7}}""", "data.text")]
    [InlineData("""{"type":"NoteAdded"}""", "data.text")]
    [InlineData("""{"type":"Allocated","data":{"to":"olu okafor"}}""", "data.to")]
    [InlineData("""{"type":"Allocated","data":{"to":""}}""", "data.to")]
    [InlineData("""{"type":"Allocated","data":{}}""", "data.to")]
    public async Task NewSteps_BadData_Is400NamingTheField_NothingRecorded(string body, string field)
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();

        var response = await client.PostAsync($"/api/journeys/{id}/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Single((await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task NoteAdded_OverTwoThousandCharacters_Is400()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();

        var response = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "NoteAdded", data = new { text = new string('x', 2001) } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data.text", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EventsRefusedAtEnquiry))]
    public async Task PostEvent_NotFittingEnquiryStage_Is409NamingStageAndEventAndChangesNothing(string type, string data)
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();

        var response = await client.PostAsync($"/api/journeys/{id}/events",
            JsonContent.Create(new { type, data = JsonDocument.Parse(data).RootElement }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Enquiry", problem.Str("stage"));
        Assert.Equal(type, problem.Str("event"));
        Assert.Contains("ContactMade", problem.GetProperty("allowedEvents").EnumerateArray().Select(e => e.GetString()));
        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("Enquiry", journey.Str("stage"));
        Assert.Single(journey.GetProperty("history").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"type":"Teleported"}""", "type")]
    [InlineData("""{"type":"ScreeningCompleted","data":{"nextStep":"Moon"}}""", "data.nextStep")]
    [InlineData("""{"type":"ScreeningCompleted"}""", "data.nextStep")]
    [InlineData("""{"type":"InitialVisitBooked","data":{"visitAt":"soon"}}""", "data.visitAt")]
    [InlineData("""{"type":"ContactMade","occurredAt":"2030-01-01T00:00:00+00:00"}""", "occurredAt")]
    [InlineData("""{"type":"ContactMade","occurredAt":12}""", "occurredAt")]
    public async Task PostEvent_BadInput_Is400NamingField(string json, string field)
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();

        var response = await client.PostAsync($"/api/journeys/{id}/events", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task PostEvent_RetriedWithItsIdempotencyKey_AnswersTheJourney_RecordsOnce_AnotherBodyIs422()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();
        async Task<HttpResponseMessage> PostAsync(string body, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/journeys/{id}/events") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await PostAsync("""{"type":"ContactMade"}""", "call-1");
        var retry = await PostAsync("""{"type":"ContactMade"}""", "call-1");
        var other = await PostAsync("""{"type":"ScreeningCompleted","data":{"nextStep":"Close"}}""", "call-1");
        var bad = await PostAsync("""{"type":"ContactMade"}""", new string('k', 101));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode); // not 409: the step was recorded the first time
        Assert.Equal("Screening", JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.Str("stage"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.True(JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("Screening", journey.Str("stage"));
        Assert.Single(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "ContactMade");
    }

    [Fact]
    public async Task PostEvent_TheSameVisitThreeTimes_OneHistoryEntry_OneEmail()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();
        await client.PostEventAsync(id, "ContactMade");
        await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("InitialVisit", (await client.PostEventAsync(id, "InitialVisitBooked", new { visitAt = "2027-01-12T10:00:00+00:00" })).Str("stage"));
        }

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Single(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "InitialVisitBooked");
        Assert.Single(await client.OutboxAsync(id), m => m.Str("template") == "initial-visit-booked");
    }

    [Fact]
    public async Task PostEvent_UnknownJourney_Is404()
    {
        var response = await _service.Officer().PostAsJsonAsync("/api/journeys/nope/events", new { type = "ContactMade" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WholeJourney_SequentialCouncil_EndsApprovedWithEveryClockMet()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();

        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 29, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal("Screening", (await client.PostEventAsync(id, "ContactMade")).Str("stage"));
        Assert.Equal("InitialVisit", (await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" })).Str("stage"));
        await client.PostEventAsync(id, "InitialVisitBooked", new { visitAt = new DateTimeOffset(2027, 1, 4, 14, 0, 0, TimeSpan.Zero) });
        await client.AdvanceAsync("P6D"); // past the reminder on Sunday 3 January 09:00
        Assert.Equal("ProgressDecision", (await client.PostEventAsync(id, "InitialVisitCompleted")).Str("stage"));
        Assert.Equal("Application", (await client.PostEventAsync(id, "ProgressDecided", new { decision = "Progress" })).Str("stage"));
        Assert.Equal("Stage1", (await client.PostEventAsync(id, "ApplicationReceived")).Str("stage"));
        await client.AdvanceAsync("P50D");
        foreach (var check in new[] { "DBS", "LocalAuthority", "Medical", "References", "Employer" })
        {
            await client.PostEventAsync(id, "CheckCompleted", new { check });
        }

        Assert.Equal("Assessment", (await client.ProceedPastStage1Async(id)).Str("stage"));
        var started = await client.PostEventAsync(id, "AssessmentStarted");
        Assert.Equal("Pending", started.Deadline("FormF").Str("state"));
        await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 6, 1, 10, 0, 0, TimeSpan.FromHours(1)) });
        await client.AdvanceAsync("P80D");
        await client.PostEventAsync(id, "PanelPapersSent"); // due by the close of Mon 24 May, 5 working days before the panel
        await client.AdvanceAsync("P20D");
        Assert.Equal("Panel", (await client.PostEventAsync(id, "AssessmentCompleted")).Str("stage"));
        Assert.Equal("AgencyDecision", (await client.PostEventAsync(id, "PanelRecommendationMade", new { recommendation = "Approve" })).Str("stage"));
        await client.AdvanceAsync("P3D");
        var approved = await client.PostEventAsync(id, "AgencyDecisionMade", new { decision = "Approve" });

        Assert.Equal("Approved", approved.Str("status"));
        foreach (var clock in new[] { "EnquiryResponse", "InitialVisit", "ProgressDecision", "Stage1", "Stage1Notice", "FormF", "Panel", "PanelPapers", "AgencyDecision" })
        {
            Assert.Equal("Met", approved.Deadline(clock).Str("state"));
        }

        var checks = approved.GetProperty("milestones").EnumerateArray().Where(m => m.Str("type") == "CheckCompleted").Select(m => m.Str("detail"));
        Assert.Equal(["DBS", "LocalAuthority", "Medical", "References", "Employer"], checks);

        var outbox = await client.OutboxAsync(id);
        var templates = outbox.Select(m => m.Str("template")).ToList();
        var reminder = outbox.Single(m => m.Str("template") == "initial-visit-reminder");
        Assert.Equal(new DateTimeOffset(2027, 1, 3, 9, 0, 0, TimeSpan.Zero), reminder.Time("sentAt"));
        // Weekly keep-in-touch through the 50 days of Stage 1 (days 7, ..., 49) and the 100 of the assessment (14 more), none after it.
        Assert.Equal(21, templates.Count(t => t == "keep-in-touch"));
        // The assessment's start is told once (at Stage 1's end; AssessmentStarted finds it sent). The decision goes by text
        // (the applicant prefers texts): a short one with no detail, only that there is news, and the link to their page.
        Assert.Equal(1, templates.Count(t => t == "assessment-started"));
        var decision = outbox.Single(m => m.Str("template") == "agency-decision-approved");
        Assert.Equal("sms", decision.Str("channel"));
        Assert.Matches(@"^Hello Sam, there is news about your fostering application with Hertfordshire County Council\. Read it here: http://\S+/status/[A-Za-z0-9_-]{22}$", decision.Str("body"));
        // Stage 1 ran 50 of its 56 days: past the warning point (42 days) but met.
        Assert.Contains(outbox, m => m.Str("template") == "staff-deadline-warning" && m.Str("body").Contains("Stage 1 checks for Sam J.", StringComparison.Ordinal));
        Assert.DoesNotContain(outbox, m => m.Str("template") == "staff-deadline-breached");
    }

    [Fact]
    public async Task Leicestershire_ConcurrentStages_StartsFormFWithApplicationAndRefusesAssessmentStarted()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync(FosteringWorkflows.IntegrationTests.Infrastructure.Api.Enquiry("leicestershire"));
        await client.PostEventAsync(id, "ContactMade");
        await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" });
        await client.PostEventAsync(id, "InitialVisitCompleted");
        await client.PostEventAsync(id, "ProgressDecided", new { decision = "Progress" });

        var received = await client.PostEventAsync(id, "ApplicationReceived");

        var stage1 = received.Deadline("Stage1");
        var formF = received.Deadline("FormF");
        Assert.Equal(stage1.Time("startedAt"), formF.Time("startedAt"));
        // 16 weeks from 24 Dec 15:30 GMT is 15 Apr 15:30 local time, which is BST by then.
        Assert.Equal(new DateTimeOffset(2027, 4, 15, 15, 30, 0, TimeSpan.FromHours(1)), formF.Time("dueAt"));
        await client.ProceedPastStage1Async(id);
        var refused = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "AssessmentStarted" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Panel", (await client.PostEventAsync(id, "AssessmentCompleted")).Str("stage"));
    }

    [Fact]
    public async Task SequentialCouncil_AssessmentCompletedBeforeStarted_Is409()
    {
        var client = _service.Officer();
        var id = await ToAssessmentAsync(client);

        var response = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "AssessmentCompleted" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("AssessmentStarted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ScreeningCompleted", "nextStep", "Close", "Closed")]
    [InlineData("ProgressDecided", "decision", "DoNotProgress", "Closed")]
    [InlineData("Stage1Completed", "outcome", "Unsuitable", "NotApproved")]
    [InlineData("AgencyDecisionMade", "decision", "DoNotApprove", "NotApproved")]
    public async Task EndingDecision_ClosesJourneyAndCancelsOpenClocks(string type, string field, string value, string status)
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();
        var path = new (string Type, object? Data)[]
        {
            ("ContactMade", null), ("ScreeningCompleted", new { nextStep = "InitialVisit" }), ("InitialVisitCompleted", null),
            ("ProgressDecided", new { decision = "Progress" }), ("ApplicationReceived", null),
            ("CheckCompleted", new { check = "DBS" }), ("CheckCompleted", new { check = "LocalAuthority" }), ("CheckCompleted", new { check = "Medical" }),
            ("CheckCompleted", new { check = "References" }), ("Stage1Completed", new { outcome = "Proceed" }),
            ("AssessmentStarted", null), ("AssessmentCompleted", null), ("PanelRecommendationMade", new { recommendation = "Approve" }),
        };
        foreach (var step in path)
        {
            if (step.Type == type)
            {
                break;
            }

            await client.PostEventAsync(id, step.Type, step.Data);
        }

        var ended = await client.PostEventAsync(id, type, new Dictionary<string, string> { [field] = value });

        Assert.Equal(status, ended.Str("status"));
        Assert.DoesNotContain(ended.GetProperty("deadlines").EnumerateArray(), d => d.Str("state") is "Pending" or "Warned");
        var after = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "ContactMade" });
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
        Assert.Contains(status, await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdraw_ActiveJourney_CancelsClocksSendsOneClosingMessageAndStopsMessages()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();

        var response = await client.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW2", note = "Moving abroad" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var journey = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Withdrawn", journey.Str("status"));
        Assert.Equal("AW2", journey.Str("withdrawalReason"));
        Assert.Equal("Cancelled", journey.Deadline("EnquiryResponse").Str("state"));
        await client.AdvanceAsync("P30D");
        var templates = (await client.OutboxAsync(id)).Select(m => m.Str("template")).ToList();
        Assert.Equal(["enquiry-acknowledgement", "withdrawal-closing"], templates);
        var again = await client.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW2" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("""{"reasonCode":"AW9"}""", "reasonCode")]
    [InlineData("""{}""", "reasonCode")]
    public async Task Withdraw_BadReason_Is400AndJourneyStaysActive(string json, string field)
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();

        var response = await client.PostAsync($"/api/journeys/{id}/withdraw", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Active", (await client.GetJsonAsync($"/api/journeys/{id}")).Str("status"));
    }

    [Fact]
    public async Task ContactMade_AfterDueTime_StaysBreachedWithMetAt()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();
        await client.AdvanceAsync("P6D");

        var journey = await client.PostEventAsync(id, "ContactMade");

        var clock = journey.Deadline("EnquiryResponse");
        Assert.Equal("Breached", clock.Str("state"));
        Assert.NotEqual(JsonValueKind.Null, clock.GetProperty("metAt").ValueKind);
    }

    [Fact]
    public async Task History_EachEvent_RecordsWhoAndWhen()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync(Infrastructure.Api.Enquiry(receivedAt: new DateTimeOffset(2026, 12, 24, 14, 0, 0, TimeSpan.Zero)));
        var at = new DateTimeOffset(2026, 12, 24, 15, 0, 0, TimeSpan.Zero);

        var journey = await client.PostEventAsync(id, "ContactMade", occurredAt: at);

        var entry = journey.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("ContactMade", entry.Str("type"));
        Assert.Equal("dev-officer", entry.Str("actor"));
        Assert.Equal(at, entry.Time("at"));
        Assert.Equal(TestService.ChristmasEve, entry.Time("recordedAt"));
    }

    private static async Task<string> ToAssessmentAsync(HttpClient client)
    {
        var id = await client.StartAtStage1Async();
        await client.ProceedPastStage1Async(id);
        return id;
    }
}
