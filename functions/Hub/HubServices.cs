using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Hub;

public static class HubServices
{
    /// <summary>The regional hubs (<c>Hubs:{id}</c>), their signatures and their request allowances.</summary>
    public static IServiceCollection AddHub(this IServiceCollection services)
    {
        services.AddOptions<HubsOptions>().Configure<IConfiguration>((o, configuration) => configuration.GetSection(HubsOptions.Section).Bind(o.Items)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HubsOptions>, HubsOptionsValidator>();
        services.AddSingleton<HubSignature>();
        services.AddSingleton<HubGate>();
        services.AddSingleton<HubEnquiryHandler>();
        return services;
    }
}
