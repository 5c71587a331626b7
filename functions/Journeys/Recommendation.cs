namespace FosteringWorkflows.Journeys;

/// <summary>A panel's, a review's or the agency decision maker's word (<c>recommendation</c>, <c>decision</c>).</summary>
public enum Recommendation
{
    Approve,
    DoNotApprove,
}
