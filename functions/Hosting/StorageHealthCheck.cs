using FosteringWorkflows.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FosteringWorkflows.Hosting;

/// <summary>Readiness: the tables and queues exist and storage answers a point read.</summary>
internal sealed class StorageHealthCheck(ServiceReadiness readiness, StorageAccount storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await readiness.EnsureReadyAsync().WaitAsync(cancellationToken);
            await storage.ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (StorageErrors.IsStorageFailure(e) || e is AggregateException)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.");
        }
    }
}
