namespace FosteringWorkflows.Auth;

public enum StaffRole
{
    Officer,
    Manager,
    Admin,

    /// <summary>A council's own web form: creates enquiries (<c>POST /api/enquiries</c>) and nothing else, reads nothing.</summary>
    Intake,
}
