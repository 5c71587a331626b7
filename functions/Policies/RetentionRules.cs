namespace FosteringWorkflows.Policies;

/// <summary>
/// How long a council keeps a journey's records once it has ended, as policy data. The law sets the floors: a refused or
/// withdrawn application at least 3 years from the decision (Fostering Services (England) Regulations 2011, reg. 32), an
/// approved carer's records at least 10 years from the end of their approval; enquiries that never became applications
/// have no statutory period (councils set about 2 years). The audit of access is kept for <see cref="Audit"/>.
/// </summary>
public sealed record RetentionRules(ClockSpan Enquiry, ClockSpan RefusedOrWithdrawn, ClockSpan ApprovalEnded, ClockSpan Audit)
{
    public static ClockSpan StatutoryRefusedOrWithdrawn { get; } = new(3, SpanUnit.Years);

    public static ClockSpan StatutoryApprovalEnded { get; } = new(10, SpanUnit.Years);

    public static RetentionRules Default { get; } = new(new(2, SpanUnit.Years), StatutoryRefusedOrWithdrawn, StatutoryApprovalEnded, new(2, SpanUnit.Years));
}
