using FosteringWorkflows.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FosteringWorkflows.Hosting;

/// <summary>Readiness: the tables and queues exist and storage answers a point read.</summary>
internal sealed class StorageHealthCheck(ServiceReadiness readiness, StorageAccount storage) : IHealthCheck
{
    /// <summary>How long readiness waits for storage: a probe must answer quickly whatever storage is doing.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await readiness.EnsureReadyAsync().WaitAsync(patience.Token);
            await storage.ProbeAsync(patience.Token);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Storage did not answer within {Patience.TotalSeconds:0} s.");
        }
        catch (Exception e) when (StorageErrors.IsStorageFailure(e) || e is AggregateException)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.");
        }
    }
}
