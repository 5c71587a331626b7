using FosteringWorkflows.Hosting;
using FosteringWorkflows.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Auth;

public static class AuthServices
{
    /// <summary>
    /// Who is calling: an API key (<c>ApiKeys:{n}</c>, the default for <c>/api</c>) or a signed-in member of staff (the
    /// session cookie after OpenID Connect), the key ring that protects sessions and tokens (in storage, shared by every
    /// replica), the antiforgery tokens of the pages' forms, and the role policies.
    /// </summary>
    public static IServiceCollection AddStaffAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeysOptions>().Configure(o => configuration.GetSection(ApiKeysOptions.Section).Bind(o.Keys)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeysOptions>, ApiKeysOptionsValidator>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddStaffSignIn(configuration);
        // One key ring for every replica and the job, in storage; the same application name everywhere (by default it is
        // the content root, which differs between machines).
        services.AddDataProtection().SetApplicationName(Telemetry.ServiceName);
        services.AddOptions<KeyManagementOptions>().Configure<StorageAccount>((o, storage) => o.XmlRepository = new StoredKeyRing(storage));
        services.AddSingleton<StoredSessions>();
        services.AddOptions<CookieAuthenticationOptions>(StaffSignIn.CookieScheme).Configure<StoredSessions>((o, sessions) => o.SessionStore = sessions);
        services.AddAntiforgery(o => o.Cookie.Name = "fw-antiforgery");
        services.AddAuthorizationBuilder().AddStaffPolicies();
        return services;
    }

    /// <summary>Who is calling, what they may do, and how often (the per-caller limits, such as the reports').</summary>
    public static IApplicationBuilder UseStaffAuth(this IApplicationBuilder app) => app.UseAuthentication().UseAuthorization().UseRateLimiter();

    /// <summary>Ending a person's sessions (Admin).</summary>
    public static IEndpointRouteBuilder MapStaffAuth(this IEndpointRouteBuilder app) => app.MapSessions();
}
