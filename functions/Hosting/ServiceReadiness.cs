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

    /// <summary>What last kept storage from being ready (a status and error code, or a credential failure), for a message that says why.</summary>
    public string? LastProblem { get; private set; }

    /// <summary>
    /// Waits, retrying, until the tables and queues exist. Storage that answers with an error, cannot be reached, or
    /// whose token cannot be had yet (an identity not yet granted, a role still propagating) is waited for, never fatal.
    /// </summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await EnsureReadyAsync().WaitAsync(cancellationToken);
                LastProblem = null;
                return;
            }
            catch (Exception e) when (StorageErrors.Describe(e) is { } problem)
            {
                LastProblem = problem;
                Log.StorageNotReady(logger, problem, delay);
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
}
