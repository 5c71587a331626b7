namespace FosteringWorkflows.Journeys;

/// <summary>Whether the applicant goes on to apply after the initial visit (<c>ProgressDecided</c>'s <c>decision</c>).</summary>
public enum ProgressChoice
{
    Progress,
    DoNotProgress,
}
