using System.Diagnostics;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Deadlines;

/// <summary>
/// In real time an instance wakes the journeys of the timers it armed itself at their due instant, without waiting
/// for the sweep or a queue poll.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class LocalTimerTests(AzuriteFixture azurite) : WithFakeProviders
{
    [Fact]
    public async Task RetryTimer_WithSweepAndQueueAnHourApart_FiresFromTheLocalScheduleOnTime()
    {
        var settings = Providers.SettingsFor("hertfordshire", "Notify", "Notify");
        settings["Clock:Mode"] = "Real";
        settings["Clock:Start"] = null;
        // The safety net is an hour away: only this instance's own schedule can bring the retry in time.
        settings["extensions:durableTimers:sweepInterval"] = "01:00:00";
        settings["extensions:queues:maxPollingInterval"] = "01:00:00";
        settings["Notifications:RetryDelay"] = "00:00:02";
        using var service = new TestService(azurite, settings: settings);
        var client = service.Officer();
        Providers.FailNext("notify", 503);

        // Email only: texts would be held by quiet hours at night, and this test runs whenever CI does.
        var id = await client.StartJourneyAsync(Infrastructure.Api.Enquiry(sms: false, preferredChannel: "email"));
        var first = await MessageAsync(client, id);
        Assert.Equal("Pending", first.Str("status"));
        var retryAt = first.Time("notBefore");

        var waited = Stopwatch.StartNew();
        var message = first;
        while (message.Str("status") != "Sent" && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
            message = await MessageAsync(client, id);
        }

        Assert.Equal("Sent", message.Str("status"));
        Assert.Equal(2, message.GetProperty("attempts").GetInt32());
        Assert.True(message.Time("sentAt") >= retryAt, "sent no earlier than its retry was due");
    }

    private static async Task<System.Text.Json.JsonElement> MessageAsync(HttpClient client, string journeyId) =>
        (await client.GetJsonAsync($"/api/journeys/{journeyId}")).GetProperty("messages").EnumerateArray().Single(m => m.Str("purpose") == "acknowledgement");
}
