using System.Net;

namespace FosteringWorkflows.Notifications.Providers;

/// <summary>A provider refused a message. Permanent refusals (a bad number, a bad key) are not tried again.</summary>
public sealed class DeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>429 and 5xx pass; other 4xx are the request's fault and will not pass by being repeated.</summary>
    public static DeliveryException FromStatus(string provider, HttpStatusCode status, string detail) =>
        new($"{provider} answered {(int)status}: {detail}", permanent: (int)status is >= 400 and < 500 and not 408 and not 429);
}
