using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Audit;

/// <summary>
/// Removes audit days past each council's audit retention, once a day by the service's clock (checked every hour of real
/// time; the simulation also runs it after each jump of time). Failures are logged and tried again the next hour.
/// </summary>
public sealed partial class AuditRetentionService(AccessAudit audit, TimeProvider time, ILogger<AuditRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>The first pass waits this long after start (real time): a replica started by a caller answers them first.</summary>
    private static readonly TimeSpan FirstAfter = TimeSpan.FromMinutes(1);

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
                    var removed = await audit.PurgeExpiredAsync(stoppingToken);
                    Log.Purged(logger, removed);
                    done = today;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.Failed(logger, StorageErrors.StatusOf(e));
                }
            }

            await Task.Delay(Every, stoppingToken);
        }
    }
}
