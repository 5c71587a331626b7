namespace FosteringWorkflows.Notifications;

public enum ProviderKind
{
    Dev,
    Notify,
    SendGrid,
    Acs,
}
