using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Faults;

/// <summary>
/// The real service process killed with SIGKILL while journeys move, first in the middle of staff events and then in
/// the middle of a long jump of time full of timers: no journey, step, deadline or message is lost, and none doubled.
/// Messages go through a provider that records every one it creates.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class KilledWhileJourneysMoveTests(AzuriteFixture azurite) : WithFakeProviders
{
    private static readonly Dictionary<string, (string Type, object? Data)> NextStep = new(StringComparer.Ordinal)
    {
        ["Enquiry"] = ("ContactMade", null),
        ["Screening"] = ("ScreeningCompleted", new { nextStep = "InitialVisit" }),
        ["InitialVisit"] = ("InitialVisitCompleted", null),
        ["ProgressDecision"] = ("ProgressDecided", new { decision = "Progress" }),
        ["Application"] = ("ApplicationReceived", null),
    };

    [Fact]
    public async Task KilledMidEventsAndMidTimers_Restarted_NothingLostNothingDoubled()
    {
        var prefix = TestService.NewPrefix();
        var settings = Providers.SettingsFor("hertfordshire", "Notify", "Notify");
        var ids = new List<string>();
        using (var first = await ServiceProcess.StartAsync(azurite.ConnectionString, prefix, settings))
        {
            for (var i = 0; i < 60; i++)
            {
                ids.Add(await first.Client.StartJourneyAsync());
            }
        }

        // Staff steps, eight in flight, the process killed after a few dozen answers, then restarted: each journey's next
        // step is read from its stage, so a step whose answer was lost is not sent twice.
        for (var cycle = 0; cycle < 3; cycle++)
        {
            using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, prefix, settings);
            var answered = 0;
            var work = MoveAllToStage1Async(service.Client, ids, () => Interlocked.Increment(ref answered));
            while (Volatile.Read(ref answered) < 25 + (cycle * 10) && !work.IsCompleted)
            {
                await Task.Delay(5);
            }

            Assert.False(work.IsCompleted, "the kill must land while steps are in flight");
            service.Kill();
            await work;
        }

        using (var calm = await ServiceProcess.StartAsync(azurite.ConnectionString, prefix, settings))
        {
            await MoveAllToStage1Async(calm.Client, ids, () => 0);
        }

        // Nine weeks of keep-in-touch texts and the Stage 1 warning, with the process killed in the middle of the jump.
        var target = ServiceProcess.DefaultStart.AddDays(63);
        using (var jumping = await ServiceProcess.StartAsync(azurite.ConnectionString, prefix, settings))
        {
            var jump = AdvanceToAsync(jumping.Client, target);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(jump.IsCompleted, "the kill must land in the middle of the jump");
            jumping.Kill();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => jump);
        }

        using var last = await ServiceProcess.StartAsync(azurite.ConnectionString, prefix, settings);
        (await AdvanceToAsync(last.Client, target)).EnsureSuccessStatusCode();

        var created = Providers.Calls.Where(c => c.Provider == "notify").GroupBy(c => c.Reference!).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(created, c => Assert.True(c.Value == 1, $"{c.Key} reached the provider {c.Value} times"));
        foreach (var id in ids)
        {
            var journey = await last.Client.GetJsonAsync($"/api/journeys/{id}");
            Assert.Equal("Stage1", journey.Str("stage"));
            var history = journey.GetProperty("history").EnumerateArray().Select(h => h.Str("type")).ToList();
            foreach (var step in NextStep.Values)
            {
                Assert.Equal(1, history.Count(t => t == step.Type));
            }

            Assert.Equal(1, history.Count(t => t == "DeadlineWarned"));
            var messages = journey.GetProperty("messages").EnumerateArray().ToList();
            Assert.Contains(messages, m => m.Str("purpose").StartsWith("keep-in-touch-", StringComparison.Ordinal));
            Assert.All(messages, m =>
            {
                Assert.Equal("Sent", m.Str("status"));
                Assert.True(created.ContainsKey($"{id}:{m.Str("purpose")}"), $"{id}:{m.Str("purpose")} never reached the provider");
            });
        }
    }

    /// <summary>Takes every journey to Stage 1, eight at a time; stops quietly when the process dies under it.</summary>
    private static async Task MoveAllToStage1Async(HttpClient client, List<string> ids, Func<int> answered)
    {
        try
        {
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, token) =>
            {
                while (true)
                {
                    var stage = (await client.GetJsonAsync($"/api/journeys/{id}")).Str("stage");
                    if (!NextStep.TryGetValue(stage, out var step))
                    {
                        return;
                    }

                    var response = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = step.Type, data = step.Data }, token);
                    Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(token));
                    answered();
                }
            });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // The process was killed under these requests.
        }
    }

    private static Task<HttpResponseMessage> AdvanceToAsync(HttpClient client, DateTimeOffset to)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/dev/clock/advance") { Content = JsonContent.Create(new { to }) };
        request.Headers.Add("X-Api-Key", Infrastructure.Api.AdminKey);
        return client.SendAsync(request);
    }
}
