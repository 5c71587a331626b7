using System.Collections.Concurrent;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.IntegrationTests.Deadlines;

/// <summary>
/// An instance's own due timers are woken each in a slot of its own: a slow wake holds its slot, not the timers that fall
/// due after it (they once waited for a whole batch to finish), and its timer row stays until its wake is done.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class WakeSlotTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SlowWake_HoldsOnlyItsOwnSlot_TimersDueAfterItAreWokenMeanwhile_AndItsRowStaysUntilItIsDone()
    {
        using var service = new TestService(azurite);
        await service.ReadyAsync();

        var timers = service.Services.GetRequiredService<TimerIndex>();
        var waker = new HeldWaker("slow");
        var work = new JourneyWork(service.Services.GetRequiredService<StorageAccount>(), waker,
            service.Services.GetRequiredService<IOptions<QueueOptions>>(), NullLogger<JourneyWork>.Instance);
        var now = TestService.ChristmasEve;
        TimerRow Due(string journey) => new(now, journey, TimerKind.Clock);
        await timers.ScheduleAsync([Due("slow"), Due("first"), Due("later")], CancellationToken.None);
        using var slots = new SemaphoreSlim(2);

        // The batch with the slow wake is handed over without waiting for it; the timer due after it is woken meanwhile.
        var handed = work.StartWakingAsync([Due("slow"), Due("first")], timers, slots, CancellationToken.None);
        Assert.Equal(2, await handed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, await work.StartWakingAsync([Due("later")], timers, slots, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        await waker.WokenAsync("later").WaitAsync(TimeSpan.FromSeconds(10));
        await waker.WokenAsync("first").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(waker.IsDone("slow"));

        // The quick ones' rows are dropped; the slow one's stays while its wake runs, and goes when it is done.
        Assert.Equal("slow", Assert.Single(await RowsAsync(timers, now, expected: 1)));
        waker.Release("slow");
        Assert.Empty(await RowsAsync(timers, now, expected: 0));
        Assert.True(SpinWait.SpinUntil(() => slots.CurrentCount == 2, TimeSpan.FromSeconds(10)), "every slot given back");
    }

    /// <summary>The journeys of the rows due by <paramref name="now"/>, once there are <paramref name="expected"/> of them (or ten seconds on).</summary>
    private static async Task<List<string>> RowsAsync(TimerIndex timers, DateTimeOffset now, int expected)
    {
        for (var i = 0; ; i++)
        {
            var rows = (await timers.DueAsync(now, 10, CancellationToken.None)).Select(t => t.JourneyId).ToList();
            if (rows.Count == expected || i == 100)
            {
                return rows;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Wakes every journey at once but the one named, which waits until released.</summary>
    private sealed class HeldWaker(string held) : IJourneyWaker
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _woken = new(StringComparer.Ordinal);

        public async Task WakeAsync(string journeyId, CancellationToken cancellationToken)
        {
            if (journeyId == held)
            {
                await _release.Task.WaitAsync(cancellationToken);
            }

            Signal(journeyId).TrySetResult();
        }

        public Task WokenAsync(string journeyId) => Signal(journeyId).Task;

        public bool IsDone(string journeyId) => Signal(journeyId).Task.IsCompleted;

        public void Release(string journeyId)
        {
            Assert.Equal(held, journeyId);
            _release.TrySetResult();
        }

        private TaskCompletionSource Signal(string journeyId) =>
            _woken.GetOrAdd(journeyId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
