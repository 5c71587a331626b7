namespace FosteringWorkflows.Policies;

/// <summary>
/// The Stage 1 checks a journey records (<c>CheckCompleted</c>), per person: which a council requires of each applicant and
/// of each adult in the household by default, and how long each may take before the team is told it is overdue.
/// </summary>
public static class Stage1Checks
{
    public static IReadOnlyList<string> All { get; } =
        ["DBS", "LocalAuthority", "Medical", "References", "Employer", "ExPartner", "PreviousFostering", "Overseas"];

    /// <summary>Of each applicant: an enhanced DBS, local authority checks, a GP medical and the personal references.</summary>
    public static IReadOnlyList<string> RequiredByDefault { get; } = ["DBS", "LocalAuthority", "Medical", "References"];

    /// <summary>Of each household member aged 18 or over, or turning 18 before the assessment ends: an enhanced DBS.</summary>
    public static IReadOnlyList<string> MemberRequiredByDefault { get; } = ["DBS"];

    /// <summary>
    /// How long each check may take from the application (or from the person joining the household, if later) before
    /// the team is told: DBS and the local authority's own checks within 4 weeks, the rest within 6, so that everything
    /// is in well inside Stage 1's 8 weeks.
    /// </summary>
    public static SortedDictionary<string, ClockSpan> DueByDefault => new(StringComparer.Ordinal)
    {
        ["DBS"] = new(4, SpanUnit.Weeks),
        ["LocalAuthority"] = new(4, SpanUnit.Weeks),
        ["Medical"] = new(6, SpanUnit.Weeks),
        ["References"] = new(6, SpanUnit.Weeks),
        ["Employer"] = new(4, SpanUnit.Weeks),
        ["ExPartner"] = new(6, SpanUnit.Weeks),
        ["PreviousFostering"] = new(4, SpanUnit.Weeks),
        ["Overseas"] = new(6, SpanUnit.Weeks),
    };
}
