namespace FosteringWorkflows.Reports;

public sealed record ApprovalTarget(string LocalAuthority, int TargetDays, int Approvals, int WithinTarget, double? Share);
