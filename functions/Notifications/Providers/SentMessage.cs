namespace FosteringWorkflows.Notifications.Providers;

/// <summary>What the dev provider "sent", as <c>GET /api/dev/outbox</c> shows it.</summary>
public sealed record SentMessage(string Channel, string To, string Kind, string Template, string? Subject, string Body, string JourneyId, string Purpose, DateTimeOffset SentAt);
