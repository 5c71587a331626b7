using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Worklist;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Worklist;

/// <summary>
/// The work index the worklist reads: each active journey's line kept by the engine with every change (its clocks, its
/// checks due, its allocation), gone when the journey ends or is erased; read by point reads of the council's rows.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class WorkIndexTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TestService _service = new(azurite);

    public void Dispose() => _service.Dispose();

    private Task<IReadOnlyList<WorkItem>> LinesAsync(params string[] councils) =>
        _service.Services.GetRequiredService<WorkIndex>().ReadAsync(councils, CancellationToken.None);

    [Fact]
    public async Task EveryChange_KeepsTheJourneysLine_EndingOrErasingDropsIt()
    {
        var officer = _service.Officer();
        var id = await officer.StartJourneyAsync();
        var other = await officer.StartJourneyAsync(Api.Enquiry("leicestershire"));

        var line = Assert.Single(await LinesAsync("hertfordshire"), l => l.JourneyId == id);
        Assert.Equal("Enquiry", line.Stage);
        Assert.Equal("EnquiryResponse", Assert.Single(line.Clocks).Clock);
        Assert.DoesNotContain(await LinesAsync("hertfordshire"), l => l.JourneyId == other);
        Assert.Contains(await LinesAsync("leicestershire"), l => l.JourneyId == other);

        await officer.PostEventAsync(id, "ContactAttempted", new { outcome = "LeftMessage" });
        await officer.PostEventAsync(id, "ContactMade");
        await officer.PostEventAsync(id, "Allocated", new { to = "herts-officer@loopback.example" });
        line = Assert.Single(await LinesAsync("hertfordshire"), l => l.JourneyId == id);
        Assert.Equal("Screening", line.Stage);
        Assert.Empty(line.Clocks);
        Assert.Equal("herts-officer@loopback.example", line.AllocatedTo);
        Assert.Equal("LeftMessage", line.LastAttempt);

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW1" })).StatusCode);
        Assert.DoesNotContain(await LinesAsync("hertfordshire"), l => l.JourneyId == id);

        // An enquiry erased while it runs leaves the worklist with it.
        var erased = await officer.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire",
            channel = "phone",
            applicant = new { firstName = "Eve", lastName = "Erased", email = $"erase-{Guid.NewGuid():N}@example.org" },
            consent = new { sms = false, email = true },
        });
        Assert.Contains(await LinesAsync("hertfordshire"), l => l.JourneyId == erased);
        var email = (await officer.GetJsonAsync($"/api/journeys/{erased}")).GetProperty("applicant").Str("email");
        Assert.Equal(HttpStatusCode.NoContent, (await officer.AsAdminAsync(HttpMethod.Delete, $"/api/people?email={Uri.EscapeDataString(email)}")).StatusCode);
        Assert.DoesNotContain(await LinesAsync("hertfordshire"), l => l.JourneyId == erased);
    }

    [Fact]
    public async Task Stage1_ChecksDue_AreOnTheLine_NamedForThePerson()
    {
        var officer = _service.Officer();
        var id = await officer.StartAtStage1Async();
        await officer.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Partner", firstName = "Alex", dateOfBirth = "1990-05-01" });

        var line = Assert.Single(await LinesAsync("hertfordshire"), l => l.JourneyId == id);
        Assert.Equal("Stage1", line.Stage);
        Assert.Contains(line.Checks, c => c.Check == "DBS" && c.Person == "Alex (partner)");
        Assert.Contains(line.Checks, c => c.Check == "Medical" && c.Person == "Sam Jones (applicant)");
        Assert.Contains(line.Clocks, c => c.Clock == "Stage1");
    }

    [Fact]
    public async Task JourneyList_ByClockAllocationAndDueTime_ReadsTheIndex_OrderedByDue_PagedToTheEnd()
    {
        var officer = _service.Officer();
        var enquiry = await officer.StartJourneyAsync();
        var visit = await officer.StartJourneyAsync();
        await officer.PostEventAsync(visit, "ContactMade");
        await officer.PostEventAsync(visit, "ScreeningCompleted", new { nextStep = "InitialVisit" });
        var allocated = await officer.StartJourneyAsync();
        await officer.PostEventAsync(allocated, "Allocated", new { to = "lina.lal@leicestershire.example" });
        var ended = await officer.StartJourneyAsync();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/journeys/{ended}/withdraw", new { reasonCode = "AW0" })).StatusCode);

        async Task<List<string>> IdsAsync(string query) =>
            [.. (await officer.GetJsonAsync($"/api/journeys?localAuthority=hertfordshire&{query}")).GetProperty("items").EnumerateArray().Select(i => i.Str("journeyId"))];

        // Ordered by the next clock's due time: both enquiries (due 29 December, 09:30) before the visit (5 working days).
        var byDue = await IdsAsync("order=due");
        Assert.Equal(3, byDue.Count);
        Assert.Equal(visit, byDue[^1]);
        Assert.DoesNotContain(ended, byDue);
        Assert.Equal([visit], await IdsAsync("clock=InitialVisit"));
        Assert.Equal([allocated], await IdsAsync("allocatedTo=LINA.LAL@leicestershire.example"));
        Assert.Equal(new[] { enquiry, allocated }.Order(StringComparer.Ordinal), (await IdsAsync("dueBefore=2026-12-29T10:00:00%2B00:00")).Order(StringComparer.Ordinal));
        Assert.Empty(await IdsAsync("order=due&status=Withdrawn"));

        var first = await officer.GetJsonAsync("/api/journeys?localAuthority=hertfordshire&order=due&pageSize=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal("EnquiryResponse", first.GetProperty("items")[0].Str("nextClock"));
        var token = first.Str("continuationToken");
        var second = await officer.GetJsonAsync($"/api/journeys?localAuthority=hertfordshire&order=due&pageSize=2&continuationToken={token}");
        Assert.Equal([visit], second.GetProperty("items").EnumerateArray().Select(i => i.Str("journeyId")));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("continuationToken").ValueKind);
    }

    [Theory]
    [InlineData("order=name", "order")]
    [InlineData("dueBefore=soon", "dueBefore")]
    [InlineData("dueBefore=2026-12-29T10:00:00", "dueBefore")]
    [InlineData("clock=Moon", "clock")]
    [InlineData("allocatedTo=olu%20okafor", "allocatedTo")]
    [InlineData("order=due&continuationToken=due.x", "continuationToken")]
    public async Task JourneyList_BadWorkFilter_Is400NamingIt(string query, string field)
    {
        var response = await _service.Officer().GetAsync($"/api/journeys?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public void WorkList_ShowsTheFiftyMostUrgentOfASection_SayingHowManyThereAre()
    {
        var now = new DateTimeOffset(2026, 12, 24, 15, 30, 0, TimeSpan.Zero);
        var items = Enumerable.Range(0, 60).Select(i => new WorkItem(i.ToString("D32", System.Globalization.CultureInfo.InvariantCulture), "hertfordshire",
            "Applicant", $"N{i}", "Enquiry", now, now, null, [], [new WorkClock("EnquiryResponse", now.AddMinutes(60 - i))], [], null, false, null)).ToList();

        var model = WorklistModel.Build(items, ["hertfordshire"], new WorkFilter(null, null, null, null, null), "me",
            _service.Services.GetRequiredService<FosteringWorkflows.Policies.PolicyBook>(), _service.Services.GetRequiredService<FosteringWorkflows.Councils.CouncilDirectory>(), now);

        var enquiries = model.Sections.Single(s => s.Heading == "New enquiries");
        Assert.Equal(WorkSection.Shown, enquiries.Rows.Count);
        Assert.Equal(60, enquiries.Total);
        Assert.Equal("Applicant N59", enquiries.Rows[0].Applicant); // the soonest due first
        Assert.Equal(60, model.Journeys);
    }
}
