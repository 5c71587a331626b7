namespace FosteringWorkflows.Records;

public sealed record ApprovalEndedRequest(DateTimeOffset? EndedAt);
