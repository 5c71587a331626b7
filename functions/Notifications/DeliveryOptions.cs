namespace FosteringWorkflows.Notifications;

public sealed class DeliveryOptions
{
    public const string Section = "Notifications";

    /// <summary>Where the message templates are; by default the <c>templates</c> folder beside the app.</summary>
    public string? TemplatesPath { get; set; }

    /// <summary>Attempts (each itself retried by the HTTP policy) before a message is given up on.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first wait between attempts; it doubles each time, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a dispatcher's claim on a message holds before another may check and take it over; shorter than Engine:DispatchGrace.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The HTTP policy's first retry delay for 429 and 5xx answers (exponential, with jitter).</summary>
    public TimeSpan HttpRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
