using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FosteringWorkflows.IntegrationTests.Faults;

/// <summary>
/// Two instances on one storage, both sweeping and working the queue at every timer instant, over many journeys:
/// each deadline fires once and each message reaches the provider once. Messages go through a provider that records
/// every POST (the dev outbox would hide a duplicate by refusing it).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class TwoInstancesUnderLoadTests(AzuriteFixture azurite) : WithFakeProviders
{
    [Fact]
    public async Task ManyJourneys_TwoRacingInstances_EachDeadlineOnce_EachMessageOnce()
    {
        var prefix = TestService.NewPrefix();
        var clock = new FosteringWorkflows.Hosting.SimulatedTimeProvider(TestService.ChristmasEve);
        var sharedClock = Racing.SharedClock(clock);

        var settings = Providers.SettingsFor("hertfordshire", "Notify", "Notify");
        using var first = new TestService(azurite, prefix: prefix, settings: settings, services: sharedClock);
        using var second = new TestService(azurite, prefix: prefix, settings: settings, services: sharedClock);
        const int journeys = 120;
        var ids = new string[journeys];
        // The clients are made first: a factory starts its server on the first CreateClient, and two callers at once can
        // find it half started ("Server hasn't been initialized yet"). One HttpClient each, shared by the parallel calls.
        using var firstClient = first.Officer();
        using var secondClient = second.Officer();
        await Parallel.ForEachAsync(Enumerable.Range(0, journeys), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            ids[i] = await (i % 2 == 0 ? firstClient : secondClient).StartJourneyAsync());

        // Both instances sweep and work the queue at every timer instant, racing for the same timers.
        await Racing.RunToAsync(clock, new DateTimeOffset(2027, 1, 8, 12, 0, 0, TimeSpan.Zero), first, second);

        var posts = Providers.Calls.Where(c => c.Provider == "notify").GroupBy(c => c.Reference!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var id in ids)
        {
            var history = (await first.Officer().GetJsonAsync($"/api/journeys/{id}")).GetProperty("history").EnumerateArray().Select(h => h.Str("type")).ToList();
            Assert.Equal(1, history.Count(t => t == "DeadlineWarned"));
            Assert.Equal(1, history.Count(t => t == "DeadlineBreached"));
            Assert.Equal(1, history.Count(t => t == "DeadlineEscalated"));
            foreach (var purpose in new[] { "acknowledgement", "warn-EnquiryResponse", "breach-EnquiryResponse", "escalate-EnquiryResponse" })
            {
                Assert.True(posts.GetValueOrDefault($"{id}:{purpose}") == 1, $"{id}:{purpose} reached the provider {posts.GetValueOrDefault($"{id}:{purpose}")} times");
            }
        }

        Assert.Equal(journeys * 4, posts.Values.Sum());
    }
}
