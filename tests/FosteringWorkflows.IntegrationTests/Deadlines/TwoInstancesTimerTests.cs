using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FosteringWorkflows.IntegrationTests.Deadlines;

[Collection(AzuriteTests.Name)]
public sealed class TwoInstancesTimerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PolicyChange_RunningJourney_KeepsTheClocksItStartedWith()
    {
        var prefix = TestService.NewPrefix();
        string running;
        string oldVersion;
        using (var before = new TestService(azurite, prefix: prefix))
        {
            var client = before.Officer();
            running = await client.StartJourneyAsync();
            oldVersion = (await client.GetJsonAsync($"/api/journeys/{running}")).Str("policyVersion");
        }

        using var after = new TestService(azurite, prefix: prefix, settings: new Dictionary<string, string?>
        {
            ["Councils:hertfordshire:Policy:Clocks:Stage1:Limit"] = "6 Weeks",
        });
        var officer = after.Officer();
        var fresh = await officer.StartJourneyAsync();
        foreach (var id in new[] { running, fresh })
        {
            await officer.PostEventAsync(id, "ContactMade");
            await officer.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" });
            await officer.PostEventAsync(id, "InitialVisitCompleted");
            await officer.PostEventAsync(id, "ProgressDecided", new { decision = "Progress" });
        }

        var old = await officer.PostEventAsync(running, "ApplicationReceived");
        var updated = await officer.PostEventAsync(fresh, "ApplicationReceived");

        Assert.Equal(oldVersion, old.Str("policyVersion"));
        Assert.NotEqual(oldVersion, updated.Str("policyVersion"));
        Assert.Equal(56, (old.Deadline("Stage1").Time("dueAt") - old.Deadline("Stage1").Time("startedAt")).TotalDays);
        Assert.Equal(42, (updated.Deadline("Stage1").Time("dueAt") - updated.Deadline("Stage1").Time("startedAt")).TotalDays);
    }

    [Fact]
    public async Task ConcurrentEvents_OneJourney_EachCheckRecordedOnceThroughETagRetries()
    {
        using var service = new TestService(azurite);
        var client = service.Officer();
        var id = await client.StartJourneyAsync();
        foreach (var (type, data) in new (string, object?)[] { ("ContactMade", null), ("ScreeningCompleted", new { nextStep = "InitialVisit" }),
            ("InitialVisitCompleted", null), ("ProgressDecided", new { decision = "Progress" }), ("ApplicationReceived", null) })
        {
            await client.PostEventAsync(id, type, data);
        }

        var checks = new[] { "DBS", "LocalAuthority", "Medical", "References", "Employer", "ExPartner", "PreviousFostering", "Overseas" };
        var responses = await Task.WhenAll(checks.Concat(checks).Select(check =>
            service.Officer().PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "CheckCompleted", data = new { check } })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        // Sixteen racing requests, each check twice: every one answered, each check recorded once.
        var recorded = journey.GetProperty("history").EnumerateArray().Where(h => h.Str("type") == "CheckCompleted").ToList();
        Assert.Equal(checks.Order(StringComparer.Ordinal), recorded.Select(h => h.GetProperty("data").Str("check")).Order(StringComparer.Ordinal));
        var seqs = journey.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("seq").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count), seqs);
        Assert.Equal(8, journey.GetProperty("milestones").EnumerateArray().Count(m => m.Str("type") == "CheckCompleted"));
    }

    [Fact]
    public async Task TwoInstances_OneStorage_EachTimerFiresOnce()
    {
        // Two instances of the service share storage and, like real machines, one time.
        var prefix = TestService.NewPrefix();
        var clock = new FosteringWorkflows.Hosting.SimulatedTimeProvider(TestService.ChristmasEve);
        var sharedClock = Racing.SharedClock(clock);

        using var first = new TestService(azurite, prefix: prefix, services: sharedClock);
        using var second = new TestService(azurite, prefix: prefix, services: sharedClock);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await (i % 2 == 0 ? first : second).Officer().StartJourneyAsync());
        }

        // Both instances sweep and work the queue at every timer instant, racing for the same timers.
        await Racing.RunToAsync(clock, new DateTimeOffset(2027, 1, 8, 12, 0, 0, TimeSpan.Zero), first, second);

        foreach (var id in ids)
        {
            var journey = await first.Officer().GetJsonAsync($"/api/journeys/{id}");
            var types = journey.GetProperty("history").EnumerateArray().Select(h => h.Str("type")).ToList();
            Assert.Equal(1, types.Count(t => t == "DeadlineWarned"));
            Assert.Equal(1, types.Count(t => t == "DeadlineBreached"));
            Assert.Equal(1, types.Count(t => t == "DeadlineEscalated"));
            var sent = (await first.Officer().OutboxAsync(id)).Select(m => m.Str("template")).Order(StringComparer.Ordinal);
            Assert.Equal(["enquiry-acknowledgement", "staff-deadline-breached", "staff-deadline-escalated", "staff-deadline-warning"], sent);
        }
    }

    [Fact]
    public async Task RealClockMode_BackgroundLoops_FireDueTimersWithoutBeingAsked()
    {
        var clock = new FosteringWorkflows.Hosting.SimulatedTimeProvider(TestService.ChristmasEve);
        using var service = new TestService(azurite, settings: new Dictionary<string, string?>
        {
            ["Clock:Mode"] = "Real",
            ["extensions:durableTimers:sweepInterval"] = "00:00:00.100",
            ["extensions:queues:maxPollingInterval"] = "00:00:00.200",
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        var client = service.Officer();
        var id = await client.StartJourneyAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/dev/clock")).StatusCode);

        clock.MoveTo(new DateTimeOffset(2026, 12, 29, 10, 0, 0, TimeSpan.Zero));
        JsonElement journey = default;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            journey = await client.GetJsonAsync($"/api/journeys/{id}");
            if (journey.Deadline("EnquiryResponse").Str("state") == "Breached")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("Breached", journey.Deadline("EnquiryResponse").Str("state"));
        Assert.Contains(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "DeadlineBreached" && h.Str("actor") == "system");
    }

    [Fact]
    public async Task Advance_Backwards_Is400AndTimeStays()
    {
        using var service = new TestService(azurite);
        var client = service.Officer();

        var response = await client.AsAdminAsync(HttpMethod.Post, "/api/dev/clock/advance", new { to = TestService.ChristmasEve.AddDays(-1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(TestService.ChristmasEve, (await service.As(Infrastructure.Api.AdminKey).GetJsonAsync("/api/dev/clock")).Time("now"));
    }
}
