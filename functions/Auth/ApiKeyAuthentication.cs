using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Auth;

public enum StaffRole
{
    Officer,
    Manager,
    Admin,
}

/// <summary>One staff key: <c>ApiKeys__0__Name</c>, <c>__Key</c>, <c>__Role</c>, <c>__Councils</c> ("*" or a comma list).</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    public StaffRole Role { get; set; } = StaffRole.Officer;

    public string Councils { get; set; } = "";
}

public sealed class ApiKeysOptions
{
    public const string Section = "ApiKeys";

    public List<ApiKeyOptions> Keys { get; } = [];
}

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

/// <summary>
/// <c>X-Api-Key</c> authentication. Keys are compared as SHA-256 digests in fixed time, so neither a key's
/// length nor its prefix leaks through timing.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiKeysOptions> keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var presented) || string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented.ToString()));
        var match = keys.Value.Keys.FirstOrDefault(k =>
            !string.IsNullOrEmpty(k.Key) && CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))));
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, match.Name), new(ClaimTypes.Role, match.Role.ToString()) };
        claims.AddRange(match.Councils
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => new Claim(Caller.CouncilClaim, c)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => UnauthorizedAsync(Context);

    /// <summary>The API's answer to a call without a key (or with a session that has lapsed): 401 problem+json.</summary>
    public static Task UnauthorizedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Results.Problem($"Send a staff API key in the {Header} header.", statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required.")
            .ExecuteAsync(context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed.", "This key's role may not do this.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(Context);
    }
}

public static class StaffPolicies
{
    public const string Officer = nameof(Officer);
    public const string Manager = nameof(Manager);
    public const string Admin = nameof(Admin);

    /// <summary>The managers' reports: a Manager or Admin, by API key or by a signed-in session (the pages' CSV links).</summary>
    public const string ManagerReports = nameof(ManagerReports);

    /// <summary>Anyone signed in (the pages check the role themselves, to answer with a page rather than a bare 403).</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>Roles nest: a manager may do what an officer may, an admin what a manager may.</summary>
    public static void AddStaffPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder) => builder
        .AddPolicy(Officer, p => p.RequireRole(nameof(StaffRole.Officer), nameof(StaffRole.Manager), nameof(StaffRole.Admin)))
        .AddPolicy(Manager, p => p.RequireRole(nameof(StaffRole.Manager), nameof(StaffRole.Admin)))
        .AddPolicy(Admin, p => p.RequireRole(nameof(StaffRole.Admin)))
        .AddPolicy(ManagerReports, p => p.AddAuthenticationSchemes(StaffSignIn.StaffScheme).RequireRole(nameof(StaffRole.Manager), nameof(StaffRole.Admin)))
        .AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(StaffSignIn.StaffScheme).RequireAuthenticatedUser());
}
