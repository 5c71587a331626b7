namespace FosteringWorkflows.Auth;

public static class StaffPolicies
{
    public const string Officer = nameof(Officer);
    public const string Manager = nameof(Manager);
    public const string Admin = nameof(Admin);

    /// <summary>Creating an enquiry: an Intake key (a council's own web form) or any member of staff.</summary>
    public const string Intake = nameof(Intake);

    /// <summary>The managers' reports: a Manager or Admin, by API key or by a signed-in session (the pages' CSV links).</summary>
    public const string ManagerReports = nameof(ManagerReports);

    /// <summary>Anyone signed in (the pages check the role themselves, to answer with a page rather than a bare 403).</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>Roles nest: a manager may do what an officer may, an admin what a manager may.</summary>
    public static void AddStaffPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder) => builder
        .AddPolicy(Officer, p => p.RequireRole(nameof(StaffRole.Officer), nameof(StaffRole.Manager), nameof(StaffRole.Admin)))
        .AddPolicy(Manager, p => p.RequireRole(nameof(StaffRole.Manager), nameof(StaffRole.Admin)))
        .AddPolicy(Admin, p => p.RequireRole(nameof(StaffRole.Admin)))
        .AddPolicy(Intake, p => p.RequireRole(nameof(StaffRole.Intake), nameof(StaffRole.Officer), nameof(StaffRole.Manager), nameof(StaffRole.Admin)))
        .AddPolicy(ManagerReports, p => p.AddAuthenticationSchemes(StaffSignIn.StaffScheme).RequireRole(nameof(StaffRole.Manager), nameof(StaffRole.Admin)))
        .AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(StaffSignIn.StaffScheme).RequireAuthenticatedUser());
}
