namespace FosteringWorkflows.Records;

/// <summary>A message as the person's copy shows it: to whom, what it said, and what became of it.</summary>
public sealed record ExportedMessage(
    string Purpose, string Kind, string Channel, string To, string Template, string? Subject, string Body, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, string? LastError);
