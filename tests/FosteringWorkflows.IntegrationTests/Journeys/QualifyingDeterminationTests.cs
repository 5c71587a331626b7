using System.Net;
using System.Net.Http.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Journeys;

/// <summary>
/// A qualifying determination (a proposal not to approve): the applicant has 28 calendar days for representations or
/// the Independent Review Mechanism, the journey stays open, and the final decision waits for their reply, the review's
/// recommendation, or the window's end.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class QualifyingDeterminationTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    // Thu 17 Dec 2026 10:00 GMT + 28 calendar days, over the month's and the year's end: Thu 14 Jan 2027 10:00.
    private static readonly DateTimeOffset Determined = new(2026, 12, 17, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowCloses = new(2027, 1, 14, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Determination_ApplicantToldTheDate_DecisionWaitsForTheWindowsEnd_TeamToldWhenItCloses()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await DeterminedAsync(client);

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("Active", journey.Str("status"));
        Assert.Equal("Cancelled", journey.Deadline("AgencyDecision").Str("state"));
        // The applicant prefers texts: the text says only that there is news (a proposal not to approve is no text's
        // business) and links to their page, which says what they may do and by when.
        var letter = Assert.Single(await client.OutboxAsync(id), m => m.Str("purpose") == "qualifying-determination");
        Assert.Equal("sms", letter.Str("channel"));
        Assert.DoesNotContain("not to approve", letter.Str("body"), StringComparison.Ordinal);
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(letter.Str("body"), @"http://\S+/status/[A-Za-z0-9_-]{22}").Value);
        var page = await (await service.CreateClient().GetAsync(link.PathAndQuery)).Content.ReadAsStringAsync();
        Assert.Contains("You have until 10:00am on Thursday 14 January 2027", page, StringComparison.Ordinal);

        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 21, 10, 0, 0, TimeSpan.Zero));
        var early = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "AgencyDecisionMade", data = new { decision = "DoNotApprove" } });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("2027-01-14T10:00:00", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unasked = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "IrmRecommendationMade", data = new { recommendation = "Approve" } });
        Assert.Equal(HttpStatusCode.Conflict, unasked.StatusCode);

        await client.AdvanceToAsync(WindowCloses.AddMinutes(1));
        var closed = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Contains(closed.GetProperty("history").EnumerateArray(), h => h.Str("type") == "RepresentationsWindowClosed");
        Assert.Contains(await client.OutboxAsync(id), m => m.Str("purpose") == "representations-closed");

        var late = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "IrmRequested" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var decided = await client.PostEventAsync(id, "AgencyDecisionMade", new { decision = "DoNotApprove" });
        Assert.Equal("NotApproved", decided.Str("status"));
    }

    [Fact]
    public async Task RepresentationsReceived_DecisionMayBeMadeBeforeTheWindowEnds()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await DeterminedAsync(client);
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 22, 10, 0, 0, TimeSpan.Zero));
        await client.PostEventAsync(id, "RepresentationsReceived");
        var decided = await client.PostEventAsync(id, "AgencyDecisionMade", new { decision = "Approve" });
        Assert.Equal("Approved", decided.Str("status"));
    }

    [Fact]
    public async Task IrmRequested_DecisionWaitsForTheReviewsRecommendation_EvenAfterTheWindow()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await DeterminedAsync(client);
        await client.AdvanceToAsync(new DateTimeOffset(2027, 1, 8, 10, 0, 0, TimeSpan.Zero));
        await client.PostEventAsync(id, "IrmRequested");

        await client.AdvanceToAsync(new DateTimeOffset(2027, 2, 1, 10, 0, 0, TimeSpan.Zero));
        var waiting = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "AgencyDecisionMade", data = new { decision = "Approve" } });
        Assert.Equal(HttpStatusCode.Conflict, waiting.StatusCode);
        Assert.Contains("IrmRecommendationMade", await waiting.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var twice = await client.PostEventAsync(id, "IrmRequested");
        Assert.Single(twice.GetProperty("history").EnumerateArray(), h => h.Str("type") == "IrmRequested");
        await client.PostEventAsync(id, "IrmRecommendationMade", new { recommendation = "Approve" });
        var contradicting = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "IrmRecommendationMade", data = new { recommendation = "DoNotApprove" } });
        Assert.Equal(HttpStatusCode.Conflict, contradicting.StatusCode);
        var decided = await client.PostEventAsync(id, "AgencyDecisionMade", new { decision = "Approve" });
        Assert.Equal("Approved", decided.Str("status"));
    }

    [Fact]
    public async Task WithoutADetermination_RepresentationsAndReviewRefused_AndASecondDeterminationToo()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await AtAgencyDecisionAsync(client);
        foreach (var type in new[] { "RepresentationsReceived", "IrmRequested" })
        {
            var refused = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type });
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        await client.PostEventAsync(id, "QualifyingDetermination");
        var again = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "QualifyingDetermination" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static async Task<string> AtAgencyDecisionAsync(HttpClient client)
    {
        var id = await client.StartAtPanelAsync();
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero));
        await client.PostEventAsync(id, "PanelRecommendationMade", new { recommendation = "DoNotApprove" });
        return id;
    }

    private static async Task<string> DeterminedAsync(HttpClient client)
    {
        var id = await AtAgencyDecisionAsync(client);
        await client.AdvanceToAsync(Determined);
        await client.PostEventAsync(id, "QualifyingDetermination");
        return id;
    }
}
