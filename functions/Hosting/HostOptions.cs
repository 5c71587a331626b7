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

/// <summary>host.json <c>extensions:queues</c> (the Functions shape) for the journey work queue.</summary>
public sealed class QueueOptions
{
    public const string Section = "extensions:queues";

    /// <summary>Messages received at once (Azure Storage allows up to 32).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>The longest wait between polls of an empty queue; polling backs off to it when idle.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a received message stays hidden from other instances while it is handled.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries before a message that keeps failing moves to the poison queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;
}

/// <summary>host.json <c>extensions:durableTimers</c>: how often the timer index is swept for due timers.</summary>
public sealed class TimerSweepOptions
{
    public const string Section = "extensions:durableTimers";

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Due timers handed on per sweep query; a full page is followed at once by another.</summary>
    public int PageSize { get; set; } = 200;
}

public enum ClockMode
{
    Real,
    Simulated,
}

/// <summary><c>Clock__Mode</c> and <c>Clock__Start</c>: simulated time for demonstrations and acceptance tests.</summary>
public sealed class ClockOptions
{
    public const string Section = "Clock";

    public ClockMode Mode { get; set; } = ClockMode.Real;

    public DateTimeOffset? Start { get; set; }
}
