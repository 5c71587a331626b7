using FosteringWorkflows.Hosting;

namespace FosteringWorkflows.Audit;

/// <summary>
/// Removes audit days past each council's audit retention, once a day (<see cref="DailyWork"/>; the simulation also runs it
/// after each jump of time).
/// </summary>
public sealed partial class AuditRetentionService(AccessAudit audit, TimeProvider time, ILogger<AuditRetentionService> logger) : DailyWork(time)
{
    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => audit.PurgeExpiredAsync(cancellationToken);

    protected override void Done(int count) => Log.Purged(logger, count);

    protected override void Failed(int storageStatus) => Log.Failed(logger, storageStatus);
}
