using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using FosteringWorkflows.Storage;
using Scalar.AspNetCore;

namespace FosteringWorkflows.Hosting;

/// <summary>What every feature stands on: settings, problems, JSON, readiness, health, telemetry and the API document.</summary>
public static class HostingServices
{
    /// <summary>How long a caller is asked to wait when storage is away.</summary>
    public const string StorageRetryAfterSeconds = "5";

    /// <summary>
    /// Settings the Functions way (<c>host.json</c>, <c>local.settings.json</c>, then the environment), loopback unless
    /// told otherwise (ASPNETCORE_URLS, --urls, or the container images' ASPNETCORE_HTTP_PORTS), and one body limit.
    /// </summary>
    public static WebApplicationBuilder ConfigureServiceHost(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddFunctionsStyleSettings(builder.Environment.ContentRootPath);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("logging"));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"])
            && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:7071");
            builder.Configuration["urls"] = "http://127.0.0.1:7071";
        }

        builder.LimitBodies();
        return builder;
    }

    public static IServiceCollection AddHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ServiceReadiness>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        services.AddTelemetry(configuration);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Storage away: the caller is told to try again shortly, as a problem like any other.
            if (context.ProblemDetails.Status == StatusCodes.Status503ServiceUnavailable && context.Exception is { } failure && StorageErrors.IsUnavailable(failure))
            {
                context.HttpContext.Response.Headers.RetryAfter = StorageRetryAfterSeconds;
                context.ProblemDetails.Title = "Storage is unavailable.";
                context.ProblemDetails.Detail = "The service could not reach its storage. Try again shortly.";
            }

            // The framework's own 415 (an endpoint that takes JSON, sent something else) says what it takes, as ours does.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                context.ProblemDetails.Detail ??= "Send a JSON body with Content-Type: application/json.";
                context.ProblemDetails.Extensions.TryAdd("expected", "application/json");
            }
        });
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddApiDocument();
        return services;
    }

    /// <summary>Errors as problems, the security headers and govuk-frontend's assets, ahead of everything else.</summary>
    public static IApplicationBuilder UseHostingFront(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // The server's own refusals (a body over the limit, a malformed request) keep their status.
            // Storage away is 503 (try again), not 500.
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode
                : StorageErrors.IsUnavailable(e) ? StatusCodes.Status503ServiceUnavailable
                : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseSecurityHeaders();

        // govuk-frontend's CSS, fonts and images for the pages, copied beside the app at build time.
        var assets = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(assets))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(assets),
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=86400",
            });
        }

        return app;
    }

    /// <summary>Everything that touches storage waits for the tables and queues to exist (health answers without).</summary>
    public static IApplicationBuilder UseStorageReadiness(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
        {
            await context.RequestServices.GetRequiredService<ServiceReadiness>().EnsureReadyAsync();
        }

        await next(context);
    });

    /// <summary>
    /// Readiness (/health: storage reachable, providers configured) and liveness (/health/live: the process answers, no
    /// dependency checked, so a storage outage never gets a healthy replica restarted); the API document and its page.
    /// </summary>
    public static IEndpointRouteBuilder MapHosting(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync })
            .WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync })
            .WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]));
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("FosteringWorkflows API").AddPreferredSecuritySchemes(ApiDocument.ApiKeyScheme));
        return app;
    }
}
