namespace FosteringWorkflows.Policies;

/// <summary>The Stage 1 checks a journey records (<c>CheckCompleted</c>), and which a council requires by default.</summary>
public static class Stage1Checks
{
    public static IReadOnlyList<string> All { get; } =
        ["DBS", "LocalAuthority", "Medical", "References", "Employer", "ExPartner", "PreviousFostering", "Overseas"];

    public static IReadOnlyList<string> RequiredByDefault { get; } = ["DBS", "LocalAuthority", "Medical", "References"];
}
