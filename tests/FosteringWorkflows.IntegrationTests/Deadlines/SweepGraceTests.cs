using FosteringWorkflows.Deadlines;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Deadlines;

/// <summary>
/// The service's sweep leaves a timer just due to the instance that armed it (its local schedule wakes it at the instant),
/// and hands on only what its owner has left for longer: a sweep that took a timer its owner was waking would wake the
/// journey twice at once, and the loser of that race retries for seconds (with 100,000 journeys open, 181 of 2,000
/// instants were 5–6 s late that way).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class SweepGraceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Sweep_LeavesTimersWithinTheGraceToTheirOwner_HandsOnTheOlder_AndWithoutAGraceEverythingDue()
    {
        using var service = new TestService(azurite);
        await service.ReadyAsync();

        var timers = service.Services.GetRequiredService<TimerIndex>();
        var sweeper = service.Services.GetRequiredService<TimerSweeper>();
        var work = service.Services.GetRequiredService<StorageAccount>().Work;
        var now = service.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await timers.ScheduleAsync(
            [new(now.AddSeconds(-5), "just-due", TimerKind.Clock), new(now.AddSeconds(-30), "left-behind", TimerKind.Clock), new(now.AddSeconds(5), "not-yet", TimerKind.Clock)],
            CancellationToken.None);

        // The service's loop and the scale-to-zero job: the configured grace (host.json's 10 s).
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(["left-behind"], await QueuedAsync(work));
        Assert.Equal(["just-due"], (await timers.DueAsync(now, 10, CancellationToken.None)).Select(t => t.JourneyId));

        // The simulated clock's advance sweeps with no grace: everything due now, nothing later.
        Assert.Equal(1, await sweeper.SweepAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(["just-due", "left-behind"], (await QueuedAsync(work)).Order(StringComparer.Ordinal));
        Assert.Empty(await timers.DueAsync(now, 10, CancellationToken.None));
        Assert.Equal(["not-yet"], (await timers.DueAsync(now.AddSeconds(5), 10, CancellationToken.None)).Select(t => t.JourneyId));
    }

    private static async Task<List<string>> QueuedAsync(Azure.Storage.Queues.QueueClient work) =>
        [.. (await work.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString())];
}
