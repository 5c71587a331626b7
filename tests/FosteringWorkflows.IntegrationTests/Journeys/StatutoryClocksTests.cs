using System.Net;
using System.Net.Http.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Journeys;

/// <summary>
/// The National Minimum Standards' panel clocks, with dates counted by hand: the panel's recommendation within 8 months
/// of the application (NMS 14.4), and panel papers with members at least 5 working days before the panel (NMS 14).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class StatutoryClocksTests(AzuriteFixture azurite)
{
    // Monday 2 November 2026, 09:00 GMT.
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ApplicationInNovember_PanelClockDueEightMonthsOn_InSummerTime_MetByTheRecommendation()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();

        // 2 Nov 2026 09:00 GMT + 8 months = Fri 2 Jul 2027 09:00 local, which is BST (+01:00).
        var panel = (await client.GetJsonAsync($"/api/journeys/{id}")).Deadline("Panel");
        Assert.Equal(new DateTimeOffset(2027, 7, 2, 9, 0, 0, TimeSpan.FromHours(1)), panel.Time("dueAt"));
        Assert.Equal("+01:00", panel.Str("dueAt")[^6..]);
        Assert.Equal("Pending", panel.Str("state"));

        await client.ProceedPastStage1Async(id);
        await client.PostEventAsync(id, "AssessmentStarted");
        await client.PostEventAsync(id, "AssessmentCompleted");
        var recommended = await client.PostEventAsync(id, "PanelRecommendationMade", new { recommendation = "Approve" });
        Assert.Equal("Met", recommended.Deadline("Panel").Str("state"));
    }

    [Fact]
    public async Task ApplicationOnTheLastOfOctober_PanelClockDueOnTheLastOfJune()
    {
        // Sat 31 Oct 2026 10:00 GMT: June has no 31st, so 8 months on is Wed 30 Jun 2027, 10:00 BST.
        using var service = new TestService(azurite, start: new DateTimeOffset(2026, 10, 31, 10, 0, 0, TimeSpan.Zero));
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        var panel = (await client.GetJsonAsync($"/api/journeys/{id}")).Deadline("Panel");
        Assert.Equal(new DateTimeOffset(2027, 6, 30, 10, 0, 0, TimeSpan.FromHours(1)), panel.Time("dueAt"));
    }

    [Fact]
    public async Task PanelOnTuesdayFifthJanuary_PapersDueChristmasEve_RetimedByANewDate_MetWhenSent()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();

        // Counting back from Tue 5 Jan 2027, the panel day itself not counted: Mon 4 Jan (1); Fri 1 Jan is New Year's
        // Day; Thu 31 Dec (2), Wed 30 Dec (3), Tue 29 Dec (4); Mon 28 Dec is the substitute Boxing Day, Sun 27 and Sat 26
        // the weekend, Fri 25 Christmas Day; Thu 24 Dec (5). Papers are due by the close of that day, 17:00 GMT.
        var set = await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero) });
        var papers = set.Deadline("PanelPapers");
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 17, 0, 0, TimeSpan.Zero), papers.Time("dueAt"));
        Assert.Equal("Pending", papers.Str("state"));

        // The panel moves a week: Tue 12 Jan 2027 counts back Mon 11, Fri 8, Thu 7, Wed 6, Tue 5 Jan.
        var moved = await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 1, 12, 10, 0, 0, TimeSpan.Zero) });
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 17, 0, 0, TimeSpan.Zero), moved.Deadline("PanelPapers").Time("dueAt"));

        var sent = await client.PostEventAsync(id, "PanelPapersSent");
        Assert.Equal("Met", sent.Deadline("PanelPapers").Str("state"));

        // Papers already with members stay sent when the date moves again.
        var again = await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 1, 19, 10, 0, 0, TimeSpan.Zero) });
        Assert.Equal("Met", again.Deadline("PanelPapers").Str("state"));
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 17, 0, 0, TimeSpan.Zero), again.Deadline("PanelPapers").Time("dueAt"));
    }

    [Fact]
    public async Task PapersNotSentByTheirDay_Breached_AndTheTeamAlerted()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero) });

        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 24, 17, 0, 1, TimeSpan.Zero));
        var papers = (await client.GetJsonAsync($"/api/journeys/{id}")).Deadline("PanelPapers");
        Assert.Equal("Breached", papers.Str("state"));
        var outbox = await client.OutboxAsync(id);
        Assert.Contains(outbox, m => m.Str("purpose") == "breach-PanelPapers");
    }

    [Fact]
    public async Task PanelMovedAfterThePapersWarning_RetimedClockWarnsOnceMore_AndTheJourneyGoesOn()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero) });
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 23, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal("Warned", (await client.GetJsonAsync($"/api/journeys/{id}")).Deadline("PanelPapers").Str("state"));

        // The panel moves to Tue 26 Jan 2027: papers due Tue 19 Jan 17:00, warned again before then, once.
        var moved = await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 1, 26, 10, 0, 0, TimeSpan.Zero) });
        Assert.Equal("Pending", moved.Deadline("PanelPapers").Str("state"));
        await client.AdvanceToAsync(new DateTimeOffset(2027, 1, 19, 12, 0, 0, TimeSpan.Zero));
        var outbox = await client.OutboxAsync(id);
        Assert.Single(outbox, m => m.Str("purpose") == "warn-PanelPapers");
        Assert.Single(outbox, m => m.Str("purpose") == "warn-PanelPapers-1");
        Assert.Equal("Warned", (await client.GetJsonAsync($"/api/journeys/{id}")).Deadline("PanelPapers").Str("state"));
        Assert.Equal("Met", (await client.PostEventAsync(id, "PanelPapersSent")).Deadline("PanelPapers").Str("state"));
    }

    [Fact]
    public async Task PapersBreached_ThenANewPanelDate_TheBreachStays_AndTheJourneyCanStillBeWithdrawn()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero) });
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 29, 10, 0, 0, TimeSpan.Zero));

        var moved = await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 2, 2, 10, 0, 0, TimeSpan.Zero) });

        var papers = moved.Deadline("PanelPapers");
        Assert.Equal("Breached", papers.Str("state"));
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 17, 0, 0, TimeSpan.Zero), papers.Time("dueAt"));
        var withdrawn = await client.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW0" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
    }

    [Fact]
    public async Task SamePanelDateTwice_OneConfirmation_PapersSentTwice_RecordedOnce()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        var date = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero);
        await client.PostEventAsync(id, "PanelDateSet", new { panelDate = date });
        await client.PostEventAsync(id, "PanelDateSet", new { panelDate = date.ToOffset(TimeSpan.FromHours(1)) });
        await client.PostEventAsync(id, "PanelPapersSent");
        var again = await client.PostEventAsync(id, "PanelPapersSent");

        Assert.Single(await client.OutboxAsync(id), m => m.Str("template") == "panel-date-confirmed");
        Assert.Single(again.GetProperty("history").EnumerateArray(), h => h.Str("type") == "PanelDateSet");
        Assert.Single(again.GetProperty("history").EnumerateArray(), h => h.Str("type") == "PanelPapersSent");
    }

    [Fact]
    public async Task PapersSentWithNoPanelDate_Refused409NamingTheMissingStep()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        var response = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "PanelPapersSent" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("PanelDateSet", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("deadlines").EnumerateArray(),
            d => d.Str("clock") == "PanelPapers");
    }

    [Fact]
    public async Task LastRequiredCheckThursdaySeventeenthDecember_NoticeDueTuesdayFifthJanuary_MetByTheDecision()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 17, 10, 0, 0, TimeSpan.Zero));

        // Checks beyond the required ones, and three of the four required: Stage 1's information is not yet in.
        foreach (var check in new[] { "Employer", "DBS", "LocalAuthority", "Medical" })
        {
            var partial = await client.PostEventAsync(id, "CheckCompleted", new { check });
            Assert.DoesNotContain(partial.GetProperty("deadlines").EnumerateArray(), d => d.Str("clock") == "Stage1Notice");
        }

        // The last required check, Thu 17 Dec 2026 10:00. Ten working days on, the start day not counted: Fri 18 (1),
        // Mon 21 (2), Tue 22 (3), Wed 23 (4), Thu 24 (5); Fri 25 Christmas Day, the weekend, Mon 28 the substitute
        // Boxing Day; Tue 29 (6), Wed 30 (7), Thu 31 (8); Fri 1 Jan New Year's Day, the weekend; Mon 4 (9), Tue 5 Jan
        // 2027 (10), due at its close, 17:00 GMT.
        var complete = await client.PostEventAsync(id, "CheckCompleted", new { check = "References" });
        var notice = complete.Deadline("Stage1Notice");
        Assert.Equal(new DateTimeOffset(2026, 12, 17, 10, 0, 0, TimeSpan.Zero), notice.Time("startedAt"));
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 17, 0, 0, TimeSpan.Zero), notice.Time("dueAt"));

        // A check told again, or telling the journey its information is complete, does not restart the clock.
        await client.AdvanceAsync("P1D");
        await client.PostEventAsync(id, "CheckCompleted", new { check = "References" });
        var told = await client.PostEventAsync(id, "Stage1InformationComplete");
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 17, 0, 0, TimeSpan.Zero), told.Deadline("Stage1Notice").Time("dueAt"));

        var decided = await client.PostEventAsync(id, "Stage1Completed", new { outcome = "Unsuitable" });
        Assert.Equal("Met", decided.Deadline("Stage1Notice").Str("state"));
        Assert.Equal("NotApproved", decided.Str("status"));
    }

    [Fact]
    public async Task InformationCompleteToldBeforeEveryCheck_NoticeClockStartsThen()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.AdvanceAsync("P7D");
        var told = await client.PostEventAsync(id, "Stage1InformationComplete");
        // Mon 9 Nov 2026 09:00 + 10 working days: Tue 10 ... Mon 23 Nov, 17:00 GMT.
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 17, 0, 0, TimeSpan.Zero), told.Deadline("Stage1Notice").Time("dueAt"));
    }

    [Fact]
    public async Task StatutoryAgencyDecision_SevenWorkingDaysFromTheMinutes_BesideTheCouncilsSevenDaysFromPanel()
    {
        using var service = new TestService(azurite, start: Monday, settings: new Dictionary<string, string?>
        {
            ["Councils:hertfordshire:Policy:AgencyDecisionFromMinutes"] = "true",
        });
        using var client = service.Officer();
        var id = await client.StartAtPanelAsync();

        // Panel on Tue 15 Dec 2026 10:00: the council's own clock is 7 calendar days, Tue 22 Dec 10:00.
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero));
        var recommended = await client.PostEventAsync(id, "PanelRecommendationMade", new { recommendation = "Approve" });
        Assert.Equal(new DateTimeOffset(2026, 12, 22, 10, 0, 0, TimeSpan.Zero), recommended.Deadline("AgencyDecision").Time("dueAt"));

        // Final minutes on Fri 18 Dec 2026 12:00. Seven working days, the start day not counted: Mon 21 (1), Tue 22 (2),
        // Wed 23 (3), Thu 24 (4); Fri 25 Christmas Day, the weekend, Mon 28 the substitute Boxing Day; Tue 29 (5),
        // Wed 30 (6), Thu 31 Dec (7): due at its close, 17:00 GMT.
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 18, 12, 0, 0, TimeSpan.Zero));
        var minutes = await client.PostEventAsync(id, "PanelMinutesReceived");
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero), minutes.Deadline("AgencyDecisionFromMinutes").Time("dueAt"));

        // Decided on Wed 23 Dec: late by the council's own clock, in time by the statute's.
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 23, 11, 0, 0, TimeSpan.Zero));
        var decided = await client.PostEventAsync(id, "AgencyDecisionMade", new { decision = "Approve" });
        Assert.Equal("Breached", decided.Deadline("AgencyDecision").Str("state"));
        Assert.Equal("Met", decided.Deadline("AgencyDecisionFromMinutes").Str("state"));
    }

    [Fact]
    public async Task MinutesAfterAQualifyingDetermination_NoStatutoryClock()
    {
        using var service = new TestService(azurite, start: Monday, settings: new Dictionary<string, string?>
        {
            ["Councils:hertfordshire:Policy:AgencyDecisionFromMinutes"] = "true",
        });
        using var client = service.Officer();
        var id = await client.StartAtPanelAsync();
        await client.PostEventAsync(id, "PanelRecommendationMade", new { recommendation = "DoNotApprove" });
        await client.PostEventAsync(id, "QualifyingDetermination");
        var minutes = await client.PostEventAsync(id, "PanelMinutesReceived");
        Assert.DoesNotContain(minutes.GetProperty("deadlines").EnumerateArray(), d => d.Str("clock") == "AgencyDecisionFromMinutes");
    }

    [Fact]
    public async Task CouncilWithoutTheStatutoryForm_MinutesRecorded_NoSecondClock()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtPanelAsync();
        await client.PostEventAsync(id, "PanelRecommendationMade", new { recommendation = "Approve" });
        var minutes = await client.PostEventAsync(id, "PanelMinutesReceived");
        Assert.DoesNotContain(minutes.GetProperty("deadlines").EnumerateArray(), d => d.Str("clock") == "AgencyDecisionFromMinutes");
        Assert.Contains(minutes.GetProperty("milestones").EnumerateArray(), m => m.Str("type") == "PanelMinutesReceived");
    }
}
