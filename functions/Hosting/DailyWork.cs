using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// Work done once a day by the service's clock, checked every hour of real time, the first time a minute after start so a
/// replica started by a caller answers them first. A failure is logged and the work tried again the next hour.
/// </summary>
public abstract class DailyWork(TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    private static readonly TimeSpan FirstAfter = TimeSpan.FromMinutes(1);

    /// <summary>The day's work: how many things it did, for the log.</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    protected abstract void Done(int count);

    protected abstract void Failed(int storageStatus);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(FirstAfter, stoppingToken);
        DateOnly? done = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            if (done != today)
            {
                try
                {
                    var count = await RunOnceAsync(stoppingToken);
                    Done(count);
                    done = today;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Failed(StorageErrors.StatusOf(e));
                }
            }

            await Task.Delay(Every, stoppingToken);
        }
    }
}
