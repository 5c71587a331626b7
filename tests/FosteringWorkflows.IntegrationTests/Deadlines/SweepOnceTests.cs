using Azure.Storage.Queues;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Deadlines;

/// <summary>
/// The scheduled job's mode (<c>FosteringWorkflows sweep-once</c>), run as the real binary against Azurite: while the
/// service is scaled to zero it hands due timers to journey-work and exits, and the service, woken for the queue,
/// moves the journeys.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class SweepOnceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ServiceScaledToZero_SweepOnce_HandsDueJourneysToTheQueueAndTheWokenServiceMovesThem()
    {
        var prefix = TestService.NewPrefix();
        string due;
        using (var service = new TestService(azurite, prefix: prefix))
        {
            using var officer = service.Officer();
            due = await officer.StartJourneyAsync();
        }

        var queue = new QueueClient(azurite.ConnectionString, $"{prefix}journey-work", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        // A minute on, nothing is due yet: the job hands nothing on.
        var soon = await ServiceProcess.RunCommandAsync(azurite.ConnectionString, prefix, "sweep-once",
            new Dictionary<string, string?> { ["Clock:Start"] = TestService.ChristmasEve.AddMinutes(1).ToString("O") });
        Assert.True(soon.ExitCode == 0, soon.Output);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);

        // A week on (past Christmas and its bank holidays), still no replica running: the enquiry's 2-working-hour
        // clock is past due, and the job hands the journey to the queue.
        var later = TestService.ChristmasEve.AddDays(7);
        var (exit, output) = await ServiceProcess.RunCommandAsync(azurite.ConnectionString, prefix, "sweep-once",
            new Dictionary<string, string?> { ["Clock:Start"] = later.ToString("O") });
        Assert.True(exit == 0, output);
        var queued = (await queue.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();
        Assert.Equal([due], queued);

        // A second run finds nothing left to hand on: the timer rows went with the enqueue.
        Assert.Equal(0, (await ServiceProcess.RunCommandAsync(azurite.ConnectionString, prefix, "sweep-once",
            new Dictionary<string, string?> { ["Clock:Start"] = later.ToString("O") })).ExitCode);
        Assert.Single((await queue.PeekMessagesAsync(32)).Value);

        // The queue rule starts a replica, which works the queue (in simulated time, when its clock is moved on) and
        // breaches the journey's clock; the timer index no longer holds the journey, so only the queue can have woken it.
        using var woken = new TestService(azurite, start: later, prefix: prefix);
        using var client = woken.Officer();
        Assert.Equal("Pending", (await client.GetJsonAsync($"/api/journeys/{due}")).Deadline("EnquiryResponse").Str("state"));
        await client.AdvanceAsync("PT1S");
        Assert.Equal("Breached", (await client.GetJsonAsync($"/api/journeys/{due}")).Deadline("EnquiryResponse").Str("state"));
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task BadSettings_SweepOnce_ExitsOneNamingTheSetting()
    {
        var (exit, output) = await ServiceProcess.RunCommandAsync(azurite.ConnectionString, TestService.NewPrefix(), "sweep-once",
            new Dictionary<string, string?>
            {
                ["Councils:hertfordshire:Policy:WorkingDays"] = "Funday",
                ["logging:logLevel:FosteringWorkflows"] = "Information",
            });
        Assert.Equal(1, exit);
        Assert.Contains("Councils:hertfordshire:Policy:WorkingDays", output, StringComparison.Ordinal);
    }
}
