using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Councils;

public static class CouncilServices
{
    /// <summary>The councils and triage teams (<c>Councils:{id}</c>), validated at start, and their peer buddies' places.</summary>
    public static IServiceCollection AddCouncils(this IServiceCollection services)
    {
        services.AddOptions<CouncilsOptions>().Configure<IConfiguration>((o, configuration) => configuration.GetSection(CouncilsOptions.Section).Bind(o.Items)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CouncilsOptions>, CouncilsOptionsValidator>();
        services.AddSingleton<CouncilDirectory>();
        services.AddSingleton<BuddyPool>();
        return services;
    }
}
