using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Resources;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs exported to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
/// is set (as in Azure); otherwise nothing is exported and logs go to the console as before. Nothing personal leaves:
/// paths carry journey ids only, query strings are redacted by the instrumentation, and no log holds an applicant's
/// details.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "fosteringworkflows";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<EngineMetrics>();
        if (string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            // Application Insights takes Entra ID only (local auth off): exports are signed as the app's identity.
            .UseAzureMonitor(o => o.Credential = new DefaultAzureCredential())
            .WithMetrics(m => m.AddMeter(EngineMetrics.MeterName));
        return services;
    }
}
