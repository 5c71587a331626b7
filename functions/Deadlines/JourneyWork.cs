using FosteringWorkflows.Hosting;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Deadlines;

/// <summary>
/// The journey-work queue: each message names a journey to wake. Handling is idempotent (a wake only moves
/// clocks to where the time says they are), so a message delivered twice, or to two instances, does no harm.
/// </summary>
public sealed partial class JourneyWork(StorageAccount storage, IJourneyWaker engine, IOptions<QueueOptions> options, ILogger<JourneyWork> logger)
{
    public Task EnqueueAsync(string journeyId, CancellationToken cancellationToken) =>
        storage.Work.SendMessageAsync(journeyId, cancellationToken);

    /// <summary>
    /// Wakes the journeys of timers this instance armed itself, at their due instant, then drops the timers: each journey
    /// as soon as one of <paramref name="slots"/> is free, without waiting for the others, so a slow wake holds its own
    /// slot and not the timers that fall due after it. Returns once every journey has a slot. A wake that fails leaves its
    /// timer row in the index, where the sweep finds it.
    /// </summary>
    public async Task<int> StartWakingAsync(IReadOnlyCollection<TimerRow> due, TimerIndex timers, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        foreach (var journey in due.GroupBy(t => t.JourneyId, StringComparer.Ordinal))
        {
            await slots.WaitAsync(cancellationToken);
            _ = WakeAsync(journey.Key, [.. journey], timers, slots, cancellationToken);
        }

        return due.Count;
    }

    private async Task WakeAsync(string journeyId, List<TimerRow> due, TimerIndex timers, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await engine.WakeAsync(journeyId, cancellationToken);
            foreach (var timer in due)
            {
                await timers.DeleteAsync(timer, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the timer row stays in the index, for the sweep of whichever instance runs next.
        }
        catch (Exception e)
        {
            // Whatever went wrong, the timer row is still in the index: the sweep hands it to the queue, whose
            // retries end in the poison queue if the journey keeps failing. One journey never stops the loop.
            Log.WakeFailed(logger, journeyId, 0, e.GetType().Name, e.Message);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Receives one batch and handles it; returns how many messages it received.</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var messages = (await storage.Work.ReceiveMessagesAsync(settings.BatchSize, settings.VisibilityTimeout, cancellationToken)).Value;
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = settings.BatchSize, CancellationToken = cancellationToken }, async (message, token) =>
        {
            var journeyId = message.Body.ToString();
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await storage.Poison.SendMessageAsync(journeyId, token);
                await storage.Work.DeleteMessageAsync(message.MessageId, message.PopReceipt, token);
                Log.Poisoned(logger, journeyId, message.DequeueCount);
                return;
            }

            try
            {
                await engine.WakeAsync(journeyId, token);
                await storage.Work.DeleteMessageAsync(message.MessageId, message.PopReceipt, token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Left on the queue: it reappears after the visibility timeout and is tried again (a busy journey, storage
                // away, a provider down), and after MaxDequeueCount goes to the poison queue. Never stops the loop.
                Log.WakeFailed(logger, journeyId, message.DequeueCount, e.GetType().Name, e.Message);
            }
        });
        return messages.Length;
    }
}
