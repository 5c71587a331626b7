using Azure;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// Creates the tables and queues and runs the readiness steps (the policy versions recorded, the simulated clock
/// restored), once, before anything uses storage.
/// Storage that is not up yet (Azurite still starting) is waited for rather than crashing the host.
/// </summary>
public sealed partial class ServiceReadiness(StorageAccount storage, IEnumerable<IReadinessStep> steps, ILogger<ServiceReadiness> logger)
{
    private readonly Lock _lock = new();
    private Task? _ready;

    public Task EnsureReadyAsync()
    {
        lock (_lock)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = PrepareAsync();
            }

            return _ready;
        }
    }

    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await EnsureReadyAsync().WaitAsync(cancellationToken);
                return;
            }
            catch (RequestFailedException e)
            {
                Log.StorageNotReady(logger, e.Status, delay);
            }
            catch (AggregateException e) when (e.InnerException is RequestFailedException)
            {
                Log.StorageNotReady(logger, 0, delay);
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    private async Task PrepareAsync()
    {
        await storage.EnsureCreatedAsync();
        foreach (var step in steps)
        {
            await step.PrepareAsync(CancellationToken.None);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Storage is not reachable yet (status {Status}); trying again in {Delay}")]
        public static partial void StorageNotReady(ILogger logger, int status, TimeSpan delay);
    }
}
