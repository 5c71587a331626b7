namespace FosteringWorkflows.Notifications;

/// <summary>A message given up on: refused for good, or failed every attempt.</summary>
public sealed record DeliveryFailure(OutboxMessage Message, string Reason);
