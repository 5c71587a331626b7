using System.Net.Http.Json;
using System.Net;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FosteringWorkflows.IntegrationTests.Faults;

/// <summary>
/// Storage goes away mid-run and comes back: the service says it is unhealthy meanwhile, nothing stops for good, and on
/// storage's return every deadline that fell due while it was away fires once and every message goes once. The
/// background loops run (real-time mode) on a clock the test moves, against an Azurite of this test's own, with its
/// data on disk so that a restart keeps it.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class StorageOutageTests(AzuriteFixture azurite) : WithFakeProviders
{
    [Fact]
    public async Task AzuriteStoppedAndRestarted_HealthSaysSo_AndEveryDeadlineAndMessageHappensOnceAfter()
    {
        var data = Directory.CreateTempSubdirectory("azurite-outage").FullName;
        var ports = (AzuriteProcess.FreePort(), AzuriteProcess.FreePort(), AzuriteProcess.FreePort());
        var storage = await AzuriteProcess.StartAsync(ports, data);
        try
        {
            var clock = new FosteringWorkflows.Hosting.SimulatedTimeProvider(TestService.ChristmasEve);
            var settings = Providers.SettingsFor("hertfordshire", "Notify", "Notify");
            settings["AzureWebJobsStorage"] = storage.ConnectionString;
            settings["Clock:Mode"] = "Real";
            settings["extensions:durableTimers:sweepInterval"] = "00:00:00.200";
            settings["extensions:queues:maxPollingInterval"] = "00:00:00.500";
            using var service = new TestService(azurite, settings: settings, services: s => s.AddSingleton<TimeProvider>(clock));
            var client = service.Officer();
            var ids = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                ids.Add(await client.StartJourneyAsync());
            }

            await storage.StopAsync();
            var away = await service.CreateClient().GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, away.StatusCode);
            // Not ready, but alive: the platform stops sending traffic without restarting the replica in a loop.
            var alive = await service.CreateClient().GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            Assert.Contains("\"Healthy\"", await alive.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // A call that needs storage is told to try again: 503 with Retry-After, as a problem, never a 500.
            var refused = await client.PostAsJsonAsync("/api/enquiries", Api.Enquiry());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var read = await client.GetAsync($"/api/journeys/{ids[0]}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);

            // While storage is away the breach (Tue 29 Dec 09:30) and the escalation a working day later fall due. The
            // warning is overtaken by the breach: a clock woken past its due instant is breached, not warned first.
            clock.MoveTo(new DateTimeOffset(2027, 1, 8, 12, 0, 0, TimeSpan.Zero));
            await Task.Delay(TimeSpan.FromSeconds(2)); // the loops meet a dead storage, and go on

            storage.Dispose();
            storage = await AzuriteProcess.StartAsync(ports, data);
            var back = await WaitAsync(async () => (await service.CreateClient().GetAsync("/health")).StatusCode == HttpStatusCode.OK);
            Assert.True(back, "healthy again once storage is back");

            string[] purposes = ["acknowledgement", "breach-EnquiryResponse", "escalate-EnquiryResponse"];
            var all = await WaitAsync(() => Task.FromResult(ids.All(id => purposes.All(p => Providers.Calls.Any(c => c.Reference == $"{id}:{p}")))));
            Assert.True(all, "every message went once storage was back");
            await Task.Delay(TimeSpan.FromSeconds(1)); // and no second copy follows

            foreach (var id in ids)
            {
                foreach (var purpose in purposes)
                {
                    Assert.Single(Providers.Calls, c => c.Reference == $"{id}:{purpose}");
                }

                var history = (await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("history").EnumerateArray().Select(h => h.Str("type")).ToList();
                Assert.Equal(0, history.Count(t => t == "DeadlineWarned"));
                Assert.Equal(1, history.Count(t => t == "DeadlineBreached"));
                Assert.Equal(1, history.Count(t => t == "DeadlineEscalated"));
            }

            // The calls answered while storage was away are in the audit, as answered, once storage is back.
            var audit = await service.As(Api.AdminKey).GetJsonAsync($"/api/audit?journeyId={ids[0]}&from=2026-12-24&to=2026-12-24");
            Assert.Single(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("status").GetInt32() == 503 && e.Str("method") == "GET");
        }
        finally
        {
            storage.Dispose();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
