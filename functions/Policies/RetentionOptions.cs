namespace FosteringWorkflows.Policies;

/// <summary>A council's record-keeping periods (calendar days, weeks, months or years), over <see cref="RetentionRules.Default"/>.</summary>
public sealed class RetentionOptions
{
    public string Enquiry { get; set; } = RetentionRules.Default.Enquiry.ToString();

    public string RefusedOrWithdrawn { get; set; } = RetentionRules.Default.RefusedOrWithdrawn.ToString();

    public string ApprovalEnded { get; set; } = RetentionRules.Default.ApprovalEnded.ToString();

    public string Audit { get; set; } = RetentionRules.Default.Audit.ToString();
}
