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

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handed = 0;
            try
            {
                handed = await sweeper.SweepAsync(stoppingToken);
            }
            catch (RequestFailedException e)
            {
                Log.LoopFailed(logger, "timer sweep", e.Status, e.Message);
            }

            if (handed < sweepOptions.Value.PageSize)
            {
                await Task.Delay(sweepOptions.Value.SweepInterval, stoppingToken);
            }
        }
    }

    private async Task QueueLoopAsync(CancellationToken stoppingToken)
    {
        var delay = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var received = 0;
            try
            {
                received = await queue.ProcessBatchAsync(stoppingToken);
            }
            catch (RequestFailedException e)
            {
                Log.LoopFailed(logger, "work queue", e.Status, e.Message);
            }

            if (received > 0)
            {
                delay = MinPollingInterval;
                continue;
            }

            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, queueOptions.Value.MaxPollingInterval.Ticks));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "The {Loop} failed with storage status {Status}: {Detail}; trying again")]
        public static partial void LoopFailed(ILogger logger, string loop, int status, string detail);
    }
}
