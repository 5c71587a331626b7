namespace FosteringWorkflows.Journeys;

public enum JourneyStatus
{
    Active,
    Approved,
    NotApproved,
    Withdrawn,
    Closed,
}
