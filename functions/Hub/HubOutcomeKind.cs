namespace FosteringWorkflows.Hub;

public enum HubOutcomeKind
{
    Started,
    Known,
    UnknownCouncil,
    Purged,
}
