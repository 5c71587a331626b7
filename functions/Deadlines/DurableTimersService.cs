using Azure;
using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Deadlines;

/// <summary>
/// The two loops that make clocks fire on their own: sweep the timer index, and work the queue. Polling backs off
/// to the configured maximum while there is nothing to do, so an idle service makes a handful of storage calls a minute.
/// Not started in simulated-clock mode, where time moves only when told to and the advance endpoint drives both.
/// </summary>
public sealed partial class DurableTimersService(
    TimerSweeper sweeper,
    JourneyWork queue,
    ServiceReadiness readiness,
    IOptions<QueueOptions> queueOptions,
    IOptions<TimerSweepOptions> sweepOptions,
    IOptions<ClockOptions> clockOptions,
    ILogger<DurableTimersService> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (clockOptions.Value.Mode == ClockMode.Simulated)
        {
            return;
        }

        await readiness.WaitUntilReadyAsync(stoppingToken);
        await Task.WhenAll(SweepLoopAsync(stoppingToken), QueueLoopAsync(stoppingToken));
    }

    private Task SweepLoopAsync(CancellationToken stoppingToken) => LoopAsync("timer sweep", sweeper.SweepAsync,
        handed => handed < sweepOptions.Value.PageSize ? sweepOptions.Value.SweepInterval : null, stoppingToken);

    private Task QueueLoopAsync(CancellationToken stoppingToken)
    {
        // Back off while the queue is empty; straight back to it while there is work.
        var delay = MinPollingInterval;
        return LoopAsync("work queue", queue.ProcessBatchAsync, received =>
        {
            if (received > 0)
            {
                delay = MinPollingInterval;
                return null;
            }

            var pause = delay;
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, queueOptions.Value.MaxPollingInterval.Ticks));
            return pause;
        }, stoppingToken);
    }

    /// <summary>Runs a step for ever, pausing as told after each; storage failures are logged and the loop goes on.</summary>
    private async Task LoopAsync(string name, Func<CancellationToken, Task<int>> step, Func<int, TimeSpan?> pauseAfter, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var done = 0;
            try
            {
                done = await step(stoppingToken);
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException)
            {
                // AggregateException: the SDK's retries gave up (storage unreachable). An escaped exception would stop the host.
                Log.LoopFailed(logger, name, (e as RequestFailedException)?.Status ?? 0, e.Message);
                done = 0;
            }

            if (pauseAfter(done) is { } pause)
            {
                await Task.Delay(pause, stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "The {Loop} failed with storage status {Status}: {Detail}; trying again")]
        public static partial void LoopFailed(ILogger logger, string loop, int status, string detail);
    }
}
