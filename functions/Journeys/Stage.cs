namespace FosteringWorkflows.Journeys;

public enum Stage
{
    Enquiry,
    Screening,
    InformationEvent,
    InitialVisit,
    ProgressDecision,
    Application,
    Stage1,
    Assessment,
    Panel,
    AgencyDecision,
}
