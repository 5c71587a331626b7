using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Auth;

public static class AuthServices
{
    /// <summary>
    /// Who is calling: an API key (<c>ApiKeys:{n}</c>, the default for <c>/api</c>) or a signed-in member of staff (the
    /// session cookie after OpenID Connect), the antiforgery tokens of the pages' forms, and the role policies.
    /// </summary>
    public static IServiceCollection AddStaffAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeysOptions>().Configure(o => configuration.GetSection(ApiKeysOptions.Section).Bind(o.Keys)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeysOptions>, ApiKeysOptionsValidator>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddStaffSignIn(configuration);
        services.AddAntiforgery(o => o.Cookie.Name = "fw-antiforgery");
        services.AddAuthorizationBuilder().AddStaffPolicies();
        return services;
    }
}
