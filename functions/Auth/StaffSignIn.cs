using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols;

namespace FosteringWorkflows.Auth;

/// <summary>
/// Sign-in for the pages: OpenID Connect through Microsoft.Identity.Web (Entra ID in Azure; a provider on loopback locally and
/// in tests), then a session cookie holding only the mapped name, role and councils. API keys stay the default for <c>/api</c>.
/// </summary>
public static class StaffSignIn
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>Picks the API key when one is sent, the session cookie when one is, else the API key on /api and sign-in elsewhere.</summary>
    public const string StaffScheme = "Staff";

    public const string CookieName = "fw-session";

    public static AuthenticationBuilder AddStaffSignIn(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.AddOptions<SignInOptions>().Configure(o => configuration.GetSection(SignInOptions.Section).GetSection("Groups").Bind(o.Groups));
        var configured = !string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]);
        if (configured)
        {
            builder.AddMicrosoftIdentityWebApp(configuration.GetSection("AzureAd"), OidcScheme, CookieScheme);
            // After the framework's own post-configuration has set the metadata address and the back channel.
            services.PostConfigure<OpenIdConnectOptions>(OidcScheme, o =>
            {
                var metadata = new SignInMetadata(o.MetadataAddress!, new HttpDocumentRetriever(o.Backchannel) { RequireHttps = o.RequireHttpsMetadata });
                o.ConfigurationManager = metadata;
                o.TokenValidationParameters.ConfigurationManager = metadata;
            });
            services.AddHostedService<SignInMetadataWarmer>();
        }
        else
        {
            // No identity provider set (AzureAd:ClientId): the API works with keys, and the pages say sign-in is not set up.
            builder.AddCookie(CookieScheme);
        }

        builder.AddPolicyScheme(StaffScheme, "API key or session", o => o.ForwardDefaultSelector = context =>
            context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? ApiKeyAuthenticationHandler.SchemeName
            : context.Request.Cookies.ContainsKey(CookieName) ? CookieScheme
            : context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) ? ApiKeyAuthenticationHandler.SchemeName
            : CookieScheme);

        // Registered after Microsoft.Identity.Web's own, so these win: the API key stays every endpoint's default.
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName;
            o.DefaultChallengeScheme = ApiKeyAuthenticationHandler.SchemeName;
            o.DefaultSignInScheme = CookieScheme;
        });
        var loopback = Uri.TryCreate(configuration["AzureAd:Instance"], UriKind.Absolute, out var instance) && instance.IsLoopback;
        services.Configure<OpenIdConnectOptions>(OidcScheme, o => ConfigureOpenIdConnect(o, configuration, loopback ? instance : null));
        services.Configure<CookieAuthenticationOptions>(CookieScheme, o => ConfigureSession(o, loopback, configured));
        return builder;
    }

    /// <summary>
    /// The authorization code flow with PKCE, the code in the query of a top-level redirect (so a SameSite=Lax cookie comes
    /// back with it); the token's groups mapped to a role and councils. <paramref name="loopback"/> is the loopback
    /// provider's address when that is the provider.
    /// </summary>
    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, IConfiguration configuration, Uri? loopback)
    {
        // The authorization code flow with PKCE, the code in the query of a top-level redirect (so a SameSite=Lax cookie
        // comes back with it). The loopback provider speaks plain HTTP; anything else must be HTTPS.
        o.ResponseType = "code";
        o.ResponseMode = "query";
        o.TimeProvider = TimeProvider.System;
        o.RequireHttpsMetadata = loopback is null;
        if (loopback is not null)
        {
            // Entra's issuer check fetches the tenant's metadata again over HTTPS only; the loopback provider has one
            // issuer, checked as it is named (signature, audience, lifetime and nonce are checked as everywhere).
            o.TokenValidationParameters.IssuerValidator = null;
            o.TokenValidationParameters.ValidIssuer = $"{loopback.AbsoluteUri.TrimEnd('/')}/{configuration["AzureAd:TenantId"]}/v2.0";
        }

        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        var validated = o.Events.OnTokenValidated;
        o.Events.OnTokenValidated = async context =>
        {
            await validated(context);
            var groups = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInOptions>>().Value.Groups;
            context.Principal = Map(context.Principal!, groups);
        };
        if (ClientAssertion.From(configuration) is { } assertion)
        {
            // No secret: the code is redeemed with a signed assertion (a federated credential), never a client secret.
            var received = o.Events.OnAuthorizationCodeReceived;
            o.Events.OnAuthorizationCodeReceived = async context =>
            {
                var request = context.TokenEndpointRequest!;
                request.ClientSecret = null;
                request.ClientAssertionType = ClientAssertion.AssertionType;
                request.ClientAssertion = await assertion.GetAsync(context.HttpContext.RequestAborted);
                await received(context);
            };
        }

        o.Events.OnRemoteFailure = context =>
        {
            context.Response.Redirect("/signed-out?failed=1");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>The session cookie: HttpOnly, SameSite=Lax, Secure but on loopback, 8 hours idle in real time.</summary>
    private static void ConfigureSession(CookieAuthenticationOptions o, bool loopback, bool configured)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        // Secure everywhere but on this machine's loopback (plain HTTP there); behind Azure's ingress requests are HTTPS.
        o.Cookie.SecurePolicy = loopback ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        // Sessions keep real time, whatever the domain clock is (the simulation jumps it by days).
        o.TimeProvider = TimeProvider.System;
        o.Events.OnValidatePrincipal = ValidateAsync;
        // Signed out: the API answers 401 as it does to a call without a key (never a sign-in page, and without asking
        // the identity provider anything); a page sends the visitor to sign in.
        o.Events.OnRedirectToLogin = context =>
        {
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                return ApiKeyAuthenticationHandler.UnauthorizedAsync(context.HttpContext);
            }

            if (!configured)
            {
                context.Response.Redirect("/signed-out?unconfigured=1");
                return Task.CompletedTask;
            }

            return context.HttpContext.ChallengeAsync(OidcScheme, context.Properties);
        };
        o.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    /// <summary>How long a session lasts however active it is: then its holder signs in again, and the groups are read afresh.</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(10);

    private const string GroupClaim = "fw-group";
    private const string DisplayNameClaim = "name";

    /// <summary>
    /// The session's identity: the account's user name (as the audit records it), its display name, the token's groups and
    /// app roles that the settings name, and the role and councils those map to (none: no role at all).
    /// </summary>
    public static ClaimsPrincipal Map(ClaimsPrincipal token, IReadOnlyDictionary<string, string> groups)
    {
        static string Bounded(string text, int length) => text.Length <= length ? text : text[..length];
        var held = token.FindAll("groups").Concat(token.FindAll("roles")).Concat(token.FindAll(ClaimTypes.Role)).Select(c => c.Value)
            .Where(groups.ContainsKey).Distinct(StringComparer.Ordinal);
        var user = token.FindFirstValue("preferred_username") ?? token.FindFirstValue(ClaimTypes.Upn) ?? token.FindFirstValue("oid")
            ?? token.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, Bounded(user, 200)),
            new(DisplayNameClaim, Bounded(token.FindFirstValue("name") is { Length: > 0 } display ? display : user, 100)),
        };
        claims.AddRange(held.Select(g => new Claim(GroupClaim, g)));
        return Granted(claims, groups);
    }

    /// <summary>The signed-in person as a step from a page records them: history names them by their display name.</summary>
    public static Caller Acting(ClaimsPrincipal user) => Caller.From(user) with { Name = DisplayName(user) ?? "" };

    /// <summary>The name to greet someone by on the pages.</summary>
    public static string? DisplayName(ClaimsPrincipal user) => user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name;

    /// <summary>The role and councils the session's groups map to under the settings as they are now.</summary>
    private static ClaimsPrincipal Granted(IEnumerable<Claim> identity, IReadOnlyDictionary<string, string> groups)
    {
        var claims = identity.Where(c => c.Type is not (ClaimTypes.Role or Caller.CouncilClaim)).ToList();
        var grants = claims.Where(c => c.Type == GroupClaim && groups.ContainsKey(c.Value))
            .Select(c => groups[c.Value].Split(':', 2))
            .Where(p => p.Length == 2 && Enum.TryParse<StaffRole>(p[0], out _))
            .Select(p => (Role: Enum.Parse<StaffRole>(p[0]), Councils: p[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .ToList();
        if (grants.Count > 0)
        {
            // The highest role granted, over the councils of the grants at that role.
            var role = grants.Max(g => g.Role);
            claims.Add(new Claim(ClaimTypes.Role, role.ToString()));
            claims.AddRange(grants.Where(g => g.Role == role).SelectMany(g => g.Councils).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(c => new Claim(Caller.CouncilClaim, c)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>
    /// Each request with a session: past its absolute lifetime it is refused (sign in again); otherwise its role and councils
    /// are mapped again from its groups under the current settings, so a changed mapping applies at once.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Properties.IssuedUtc is not { } issued || TimeProvider.System.GetUtcNow() - issued > AbsoluteLifetime)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }

        var groups = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInOptions>>().Value.Groups;
        var now = Granted(context.Principal!.Claims, groups);
        static string Grant(ClaimsPrincipal p) =>
            string.Join(',', p.FindAll(c => c.Type is ClaimTypes.Role or Caller.CouncilClaim).Select(c => $"{c.Type}={c.Value}").Order(StringComparer.Ordinal));
        if (Grant(now) != Grant(context.Principal!))
        {
            context.ReplacePrincipal(now);
            context.ShouldRenew = true;
        }
    }
}
