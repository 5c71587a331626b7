using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Resources;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs exported to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
/// is set (as in Azure); otherwise nothing is exported and logs go to the console as before. Nothing personal leaves:
/// paths carry journey ids only (an applicant's status page is traced as <c>/status/{token}</c>, its token never), query
/// strings are redacted by the instrumentation, and no log holds an applicant's details.
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
        // The applicant's page carries its token in the path: requests to it are traced under the route, never the path.
        services.Configure<OpenTelemetry.Instrumentation.AspNetCore.AspNetCoreTraceInstrumentationOptions>(o => o.EnrichWithHttpRequest = (activity, request) =>
        {
            if (request.Path.StartsWithSegments("/status", StringComparison.Ordinal))
            {
                activity.SetTag("url.path", "/status/{token}");
                activity.DisplayName = $"{request.Method} /status/{{token}}";
            }
        });
        return services;
    }
}
