using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Faults;

/// <summary>Faults on purpose: a message provider that fails for a while and then recovers.</summary>
[Collection(AzuriteTests.Name)]
public sealed class ProviderOutageTests(AzuriteFixture azurite) : WithFakeProviders
{
    [Fact]
    public async Task Notify500sThen429WithRetryAfterThenRecovery_EveryTextArrivesOnce_WithinTheRetryBudget()
    {
        var settings = Providers.SettingsFor("hertfordshire", "Notify", "Notify");
        settings["Notifications:RetryDelay"] = "00:01:00";
        using var service = new TestService(azurite, settings: settings);
        var client = service.Officer();
        // 40 answers of 500 (each after Notify created the text: the outcome is unknown to the caller), then 6 of 429
        // with Retry-After, then Notify is well again.
        Providers.FailNext("notify", [.. Enumerable.Repeat(500, 40), .. Enumerable.Repeat(429, 6)]);

        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await client.StartJourneyAsync());
        }

        // The documented budget: MaxAttempts (5) attempts, RetryDelay doubling with up to 20% jitter: 1 + 2 + 4 + 8
        // minutes, at most 18 with jitter. Move time past it.
        await client.AdvanceAsync("PT20M");

        foreach (var id in ids)
        {
            var reference = $"{id}:acknowledgement";
            Assert.Single(Providers.Calls, c => c.Provider == "notify" && c.Reference == reference); // created once, never twice
            var message = (await client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("messages").EnumerateArray().Single(m => m.Str("purpose") == "acknowledgement");
            Assert.Equal("Sent", message.Str("status"));
            Assert.True(message.Time("sentAt") <= TestService.ChristmasEve.AddMinutes(18), $"{id} sent at {message.Time("sentAt")}");
        }

        Assert.DoesNotContain(Providers.Calls, c => c.Provider == "notify" && c.Path.EndsWith("/email", StringComparison.Ordinal)); // no fallback was needed
    }
}
