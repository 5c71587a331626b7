namespace FosteringWorkflows.Auth;

/// <summary>One staff key: <c>ApiKeys__0__Name</c>, <c>__Key</c>, <c>__Role</c>, <c>__Councils</c> ("*" or a comma list).</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    public StaffRole Role { get; set; } = StaffRole.Officer;

    public string Councils { get; set; } = "";
}
