namespace FosteringWorkflows.Journeys;

/// <summary>How a call to the applicant that did not reach them ended (<c>ContactAttempted</c>'s <c>outcome</c>).</summary>
public enum ContactOutcome
{
    NoAnswer,
    LeftMessage,
    WrongNumber,
}
