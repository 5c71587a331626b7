namespace FosteringWorkflows.Journeys;

/// <summary>A message the journey sent or holds, with its delivery state; the words themselves stay in the outbox.</summary>
public sealed record MessageResponse(
    string Purpose, string Kind, string Channel, string Template, string Status, DateTimeOffset NotBefore,
    DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, int Attempts, string? Provider, string? LastError);
