namespace FosteringWorkflows.Hosting;

/// <summary>host.json <c>extensions:queues</c> (the Functions shape) for the journey work queue.</summary>
public sealed class QueueOptions
{
    public const string Section = "extensions:queues";

    /// <summary>Messages received at once (Azure Storage allows up to 32).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>The longest wait between polls of an empty queue; polling backs off to it when idle.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a received message stays hidden from other instances while it is handled.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries before a message that keeps failing moves to the poison queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;
}
