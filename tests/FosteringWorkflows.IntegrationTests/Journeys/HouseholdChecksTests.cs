using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Journeys;

/// <summary>
/// Stage 1 checks per person: the applicant's own checks, an enhanced DBS for every household member who is 18 or turns 18
/// before the assessment ends, each check recorded once or marked not applicable with a reason, Stage 1 (and the case going
/// to panel) refused while any is missing, and the team told when one is overdue. Dates are counted by hand.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class HouseholdChecksTests(AzuriteFixture azurite)
{
    // Monday 2 November 2026, 09:00 GMT: the application, so the statutory panel clock is due Fri 2 Jul 2027.
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ProceedWithAChecksMissing_Is409NamingEachPersonAndCheck_ThenProceedsOnceAllAreIn()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        var added = await client.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Partner", firstName = "Alex", dateOfBirth = "1988-04-30" });
        await client.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Child", firstName = "Robin", dateOfBirth = "2016-06-01" });
        Assert.Equal("m1", added.GetProperty("household")[0].Str("personId"));
        await client.PostEventAsync(id, "CheckCompleted", new { check = "DBS" });
        await client.PostEventAsync(id, "CheckCompleted", new { check = "LocalAuthority", person = "applicant" });

        var refused = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "Stage1Completed", data = new { outcome = "Proceed" } });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        var missing = problem.GetProperty("missingChecks").EnumerateArray().Select(m => $"{m.Str("personId")}:{m.Str("check")}").ToList();
        Assert.Equal(["applicant:Medical", "applicant:References", "m1:DBS"], missing);
        Assert.Contains("DBS for m1 (Partner)", problem.Str("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("Alex", problem.Str("detail"), StringComparison.Ordinal);
        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("Stage1", journey.Str("stage"));
        Assert.Equal(missing, journey.GetProperty("outstandingChecks").EnumerateArray().Select(m => $"{m.Str("personId")}:{m.Str("check")}"));

        await client.PostEventAsync(id, "CheckCompleted", new { check = "Medical" });
        await client.PostEventAsync(id, "CheckCompleted", new { check = "References" });
        var partnerChecked = await client.PostEventAsync(id, "CheckCompleted", new { check = "DBS", person = "m1" });
        Assert.Empty(partnerChecked.GetProperty("outstandingChecks").EnumerateArray());
        var dbs = partnerChecked.GetProperty("checks").EnumerateArray().Single(c => c.Str("personId") == "m1");
        Assert.Equal("Completed", dbs.Str("state"));
        Assert.Contains(partnerChecked.GetProperty("milestones").EnumerateArray(), m => m.Str("type") == "CheckCompleted" && m.Str("detail") == "DBS" && m.GetProperty("person").GetString() == "m1");
        Assert.Equal("Assessment", (await client.PostEventAsync(id, "Stage1Completed", new { outcome = "Proceed" })).Str("stage"));
    }

    [Fact]
    public async Task SeventeenYearOldTurningEighteenMidAssessment_NeedsADbs_OneTurningAfterThePanelDoesNot_UntilThePanelMoves()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();

        // Jo is 17 today and turns 18 on Wed 10 Mar 2027, before the panel clock's due date (Fri 2 Jul 2027): an enhanced DBS
        // is required. Sam turns 18 on Wed 1 Sep 2027, after it: not yet.
        await client.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Child", firstName = "Jo", dateOfBirth = "2009-03-10" });
        var both = await client.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Relative", firstName = "Sam", dateOfBirth = "2009-09-01" });
        var jo = both.GetProperty("household")[0];
        Assert.Equal("2027-03-10", jo.Str("turns18On"));
        var joDbs = both.GetProperty("outstandingChecks").EnumerateArray().Single(c => c.Str("personId") == "m1");
        Assert.Equal("DBS", joDbs.Str("check"));
        Assert.Equal("2027-03-10", joDbs.Str("requiredFrom"));
        Assert.DoesNotContain(both.GetProperty("checks").EnumerateArray(), c => c.Str("personId") == "m2");

        foreach (var check in Infrastructure.Api.DefaultChecks)
        {
            await client.PostEventAsync(id, "CheckCompleted", new { check });
        }

        // A panel on Fri 1 Oct 2027 puts Sam's 18th birthday inside the assessment too.
        await client.PostEventAsync(id, "PanelDateSet", new { panelDate = new DateTimeOffset(2027, 10, 1, 10, 0, 0, TimeSpan.FromHours(1)) });
        var refused = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "Stage1Completed", data = new { outcome = "Proceed" } });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var missing = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("missingChecks")
            .EnumerateArray().Select(m => $"{m.Str("personId")}:{m.Str("check")}");
        Assert.Equal(["m1:DBS", "m2:DBS"], missing);

        await client.PostEventAsync(id, "CheckCompleted", new { check = "DBS", person = "m1" });
        await client.PostEventAsync(id, "CheckCompleted", new { check = "DBS", person = "m2" });
        Assert.Equal("Assessment", (await client.PostEventAsync(id, "Stage1Completed", new { outcome = "Proceed" })).Str("stage"));
    }

    [Fact]
    public async Task MemberJoinsDuringTheAssessment_CaseCannotGoToPanelUntilTheirDbsIsIn()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.ProceedPastStage1Async(id);
        await client.PostEventAsync(id, "AssessmentStarted");
        await client.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Lodger", firstName = "Pat", dateOfBirth = "1970-01-15" });

        var refused = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "AssessmentCompleted" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("DBS for m1 (Lodger)", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await client.PostEventAsync(id, "CheckCompleted", new { check = "DBS", person = "m1" });
        Assert.Equal("Panel", (await client.PostEventAsync(id, "AssessmentCompleted")).Str("stage"));
    }

    [Fact]
    public async Task JointApplicant_HasTheApplicantsChecks_AndTheLastOfThemStartsTheNoticeClock()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "JointApplicant", firstName = "Kim", dateOfBirth = "1985-02-11" });
        foreach (var check in Infrastructure.Api.DefaultChecks)
        {
            await client.PostEventAsync(id, "CheckCompleted", new { check });
        }

        var first = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal(["m1:DBS", "m1:LocalAuthority", "m1:Medical", "m1:References"],
            first.GetProperty("outstandingChecks").EnumerateArray().Select(m => $"{m.Str("personId")}:{m.Str("check")}"));
        Assert.DoesNotContain(first.GetProperty("deadlines").EnumerateArray(), d => d.Str("clock") == "Stage1Notice");

        foreach (var check in Infrastructure.Api.DefaultChecks)
        {
            await client.PostEventAsync(id, "CheckCompleted", new { check, person = "m1" });
        }

        var complete = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("Pending", complete.Deadline("Stage1Notice").Str("state"));
    }

    [Fact]
    public async Task CheckNotApplicable_WithAReason_CountsAsIn_OnceOnly_AndNeverOverACompletedCheck()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Parent", firstName = "Lee", dateOfBirth = "1950-07-07" });

        var marked = await client.PostEventAsync(id, "CheckNotApplicable", new { check = "DBS", person = "m1", reason = "Moved into a care home on 1 November" });
        var again = await client.PostEventAsync(id, "CheckNotApplicable", new { check = "DBS", person = "m1", reason = "Another reason" });

        var check = again.GetProperty("checks").EnumerateArray().Single(c => c.Str("personId") == "m1");
        Assert.Equal("NotApplicable", check.Str("state"));
        Assert.Equal("Moved into a care home on 1 November", check.Str("reason"));
        Assert.Equal(marked.GetProperty("history").GetArrayLength(), again.GetProperty("history").GetArrayLength());
        Assert.DoesNotContain(again.GetProperty("outstandingChecks").EnumerateArray(), c => c.Str("personId") == "m1");

        await client.PostEventAsync(id, "CheckCompleted", new { check = "Medical" });
        var overCompleted = await client.PostAsJsonAsync($"/api/journeys/{id}/events",
            new { type = "CheckNotApplicable", data = new { check = "Medical", reason = "Not needed" } });
        Assert.Equal(HttpStatusCode.Conflict, overCompleted.StatusCode);
        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("Completed", journey.GetProperty("checks").EnumerateArray().Single(c => c.Str("personId") == "applicant" && c.Str("check") == "Medical").Str("state"));
    }

    [Theory]
    [InlineData("""{"type":"CheckCompleted","data":{"check":"DBS","person":"m9"}}""", "data.person")]
    [InlineData("""{"type":"CheckCompleted","data":{"check":"DBS","person":7}}""", "data.person")]
    [InlineData("""{"type":"CheckNotApplicable","data":{"check":"DBS"}}""", "data.reason")]
    [InlineData("""{"type":"CheckNotApplicable","data":{"check":"DBS","reason":"   "}}""", "data.reason")]
    [InlineData("""{"type":"CheckNotApplicable","data":{"check":"Tarot","reason":"x"}}""", "data.check")]
    [InlineData("""{"type":"HouseholdMemberAdded","data":{"firstName":"Jo","dateOfBirth":"2001-01-01"}}""", "data.relationship")]
    [InlineData("""{"type":"HouseholdMemberAdded","data":{"relationship":"Pet","firstName":"Jo","dateOfBirth":"2001-01-01"}}""", "data.relationship")]
    [InlineData("""{"type":"HouseholdMemberAdded","data":{"relationship":"Child","dateOfBirth":"2001-01-01"}}""", "data.firstName")]
    [InlineData("""{"type":"HouseholdMemberAdded","data":{"relationship":"Child","firstName":"Jo\u0000","dateOfBirth":"2001-01-01"}}""", "data.firstName")]
    [InlineData("""{"type":"HouseholdMemberAdded","data":{"relationship":"Child","firstName":"Jo","dateOfBirth":"01/02/2001"}}""", "data.dateOfBirth")]
    [InlineData("""{"type":"HouseholdMemberAdded","data":{"relationship":"Child","firstName":"Jo","dateOfBirth":"2030-01-01"}}""", "data.dateOfBirth")]
    [InlineData("""{"type":"HouseholdMemberAdded","data":{"relationship":"Child","firstName":"Jo","dateOfBirth":"1800-01-01"}}""", "data.dateOfBirth")]
    [InlineData("""{"type":"HouseholdMemberAdded","data":{"relationship":"Child","firstName":"Jo","dateOfBirth":"2026-11-03"}}""", "data.dateOfBirth")]
    [InlineData("""{"type":"HouseholdMemberAdded","data":{"relationship":"Child","firstName":"Jo\ud800","dateOfBirth":"2001-01-01"}}""", "data.firstName")]
    [InlineData("""{"type":"CheckNotApplicable","data":{"check":"DBS","reason":"lone \ud800 surrogate"}}""", "data.reason")]
    [InlineData("""{"type":"CheckCompleted","data":{"check":"DB\ud800S"}}""", "data.check")]
    [InlineData("""{"type":"PanelDateSet","data":{"panelDate":"2027-01-05\ud800"}}""", "data.panelDate")]
    public async Task BadStage1Record_Is400NamingTheField_AndChangesNothing(string json, string field)
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        var before = await client.GetJsonAsync($"/api/journeys/{id}");

        var response = await client.PostAsync($"/api/journeys/{id}/events", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var after = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal(before.GetProperty("history").GetArrayLength(), after.GetProperty("history").GetArrayLength());
        Assert.Empty(after.GetProperty("household").EnumerateArray());
    }

    [Fact]
    public async Task SameMemberToldTwice_RecordedOnce()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Partner", firstName = "Alex", dateOfBirth = "1988-04-30" });
        var again = await client.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Partner", firstName = "alex", dateOfBirth = "1988-04-30" });
        Assert.Single(again.GetProperty("household").EnumerateArray());
        Assert.Single(again.GetProperty("history").EnumerateArray(), h => h.Str("type") == "HouseholdMemberAdded");
    }

    [Fact]
    public async Task RequiredCheckNotInByItsDay_TeamToldOnceEach_WhenItsTimeRuns()
    {
        using var service = new TestService(azurite, start: Monday);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.PostEventAsync(id, "CheckCompleted", new { check = "LocalAuthority" });

        // DBS within 4 weeks of the application: Mon 30 Nov 2026 09:00. A minute before, nothing; at it, one alert.
        await client.AdvanceToAsync(new DateTimeOffset(2026, 11, 30, 8, 59, 0, TimeSpan.Zero));
        Assert.DoesNotContain(await client.OutboxAsync(id), m => m.Str("template") == "staff-check-overdue");
        await client.AdvanceToAsync(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var alerts = (await client.OutboxAsync(id)).Where(m => m.Str("template") == "staff-check-overdue").ToList();
        var dbs = Assert.Single(alerts);
        Assert.Equal("StaffAlert", dbs.Str("kind"));
        Assert.Contains("DBS for the applicant", dbs.Str("body"), StringComparison.Ordinal);
        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.True(journey.GetProperty("outstandingChecks").EnumerateArray().Single(c => c.Str("check") == "DBS").GetProperty("overdue").GetBoolean());
        Assert.False(journey.GetProperty("outstandingChecks").EnumerateArray().Single(c => c.Str("check") == "Medical").GetProperty("overdue").GetBoolean());

        // Medical and References within 6 weeks: Mon 14 Dec 2026 09:00. DBS is not told again; LocalAuthority is in.
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 21, 9, 0, 0, TimeSpan.Zero));
        alerts = [.. (await client.OutboxAsync(id)).Where(m => m.Str("template") == "staff-check-overdue")];
        Assert.Equal(3, alerts.Count);
        Assert.Single(alerts, m => m.Str("body").Contains("Medical for the applicant", StringComparison.Ordinal));
        Assert.Single(alerts, m => m.Str("body").Contains("References for the applicant", StringComparison.Ordinal));
        var history = (await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("history").EnumerateArray()
            .Where(h => h.Str("type") == "CheckOverdue").Select(h => h.Time("at")).ToList();
        Assert.Equal([new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 14, 9, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 14, 9, 0, 0, TimeSpan.Zero)], history);
    }
}
