namespace FosteringWorkflows.Auth;

public enum StaffRole
{
    Officer,
    Manager,
    Admin,
}
