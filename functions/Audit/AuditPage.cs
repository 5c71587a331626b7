namespace FosteringWorkflows.Audit;

public sealed record AuditPage(DateOnly From, DateOnly To, IReadOnlyList<AuditEntry> Items);
