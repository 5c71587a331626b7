namespace FosteringWorkflows.Hosting;

/// <summary>host.json <c>retry</c> (the Functions shape): here, how a journey change is re-run after a concurrent write.</summary>
public sealed class RetryOptions
{
    public const string Section = "retry";

    public string Strategy { get; set; } = "exponentialBackoff";

    public int MaxRetryCount { get; set; } = 8;

    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan MaximumInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Exponential with full jitter, so instances that collided once do not collide again in step.</summary>
    public TimeSpan Backoff(int attempt)
    {
        if (string.Equals(Strategy, "fixedDelay", StringComparison.OrdinalIgnoreCase))
        {
            return MinimumInterval;
        }

        var ceiling = Math.Min(MaximumInterval.TotalMilliseconds, MinimumInterval.TotalMilliseconds * Math.Pow(2, attempt));
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds(MinimumInterval.TotalMilliseconds + (Random.Shared.NextDouble() * (ceiling - MinimumInterval.TotalMilliseconds)));
#pragma warning restore CA5394
    }
}
