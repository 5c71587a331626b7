namespace FosteringWorkflows.Hosting;

/// <summary>Work done once, after the tables and queues exist and before anything else uses storage (in registration order).</summary>
public interface IReadinessStep
{
    Task PrepareAsync(CancellationToken cancellationToken);
}
