namespace FosteringWorkflows.Notifications;

public enum DeliveryStatus
{
    /// <summary>Written with the journey change; not yet handed to a provider.</summary>
    Pending,

    /// <summary>Claimed by a dispatcher that is handing it over now; if the claim lapses the outcome is unknown and is checked before sending again.</summary>
    Sending,

    /// <summary>The provider accepted it.</summary>
    Sent,

    /// <summary>The provider reported it delivered.</summary>
    Delivered,

    /// <summary>The provider refused it for good, reported it undelivered, or every attempt failed.</summary>
    Failed,
}
