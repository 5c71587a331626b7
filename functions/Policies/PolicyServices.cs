using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Policies;

public static class PolicyServices
{
    /// <summary>Each council's service levels (<c>Councils:{id}:Policy</c>, validated at start) as versioned policies, recorded in storage once it is ready.</summary>
    public static IServiceCollection AddPolicies(this IServiceCollection services)
    {
        services.AddOptions<CouncilPolicyOptions>()
            .Configure<IConfiguration>((o, configuration) => configuration.BindEach(CouncilPolicyOptions.Section, o.Items)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CouncilPolicyOptions>, PolicyOptionsValidator>();
        services.AddSingleton<PolicyBook>();
        services.AddSingleton<IReadinessStep>(sp => sp.GetRequiredService<PolicyBook>());
        return services;
    }
}
