namespace FosteringWorkflows.Journeys;

/// <summary>How Stage 1 ended (<c>Stage1Completed</c>'s <c>outcome</c>).</summary>
public enum Stage1Outcome
{
    Proceed,
    Unsuitable,
}
