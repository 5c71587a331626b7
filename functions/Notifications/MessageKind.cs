namespace FosteringWorkflows.Notifications;

public enum MessageKind
{
    Applicant,
    StaffAlert,
}
