using System.Security.Claims;

namespace FosteringWorkflows.Auth;

/// <summary>Who is calling: a key's role and the councils whose applicants it may see.</summary>
public sealed record Caller(string Name, StaffRole Role, IReadOnlySet<string>? Councils)
{
    public const string CouncilClaim = "council";

    public bool AllCouncils => Councils is null;

    public bool CanSee(string localAuthority) => Councils is null || Councils.Contains(localAuthority);

    public static Caller From(ClaimsPrincipal user)
    {
        var councils = user.FindAll(CouncilClaim).Select(c => c.Value).ToList();
        return new Caller(
            user.Identity?.Name ?? "",
            Enum.Parse<StaffRole>(user.FindFirstValue(ClaimTypes.Role) ?? nameof(StaffRole.Officer)),
            councils.Contains("*") ? null : councils.ToHashSet(StringComparer.OrdinalIgnoreCase));
    }
}
