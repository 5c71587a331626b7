using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Simulation;

public static class SimulationServices
{
    /// <summary>
    /// The domain's clock: the system's, or with <c>Clock:Mode=Simulated</c> one that moves only when the advance endpoint
    /// moves it, its reading kept in storage so that a restart resumes from it.
    /// </summary>
    public static IServiceCollection AddClock(this IServiceCollection services)
    {
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section).ValidateOnStart();
        services.AddSingleton(sp => new SimulatedTimeProvider(sp.GetRequiredService<IOptions<ClockOptions>>().Value.Start ?? TimeProvider.System.GetUtcNow()));
        services.AddSingleton<TimeProvider>(sp => IsSimulated(sp)
            ? sp.GetRequiredService<SimulatedTimeProvider>()
            : TimeProvider.System);
        services.AddSingleton<TimeTravel>();
        services.AddSingleton<SimulatedClock>();
        services.AddSingleton<IReadinessStep>(sp => sp.GetRequiredService<SimulatedClock>());
        return services;
    }

    /// <summary>
    /// In simulated time, every instance reads the clock's stored reading before each request (one point read), so an
    /// advance on one instance moves them all: a hub signing with the simulated time is checked against the same time
    /// whichever replica answers.
    /// </summary>
    public static IApplicationBuilder UseSharedSimulatedClock(this IApplicationBuilder app)
    {
        if (!IsSimulated(app.ApplicationServices))
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
            {
                await context.RequestServices.GetRequiredService<SimulatedClock>().RestoreAsync(context.RequestAborted);
            }

            await next(context);
        });
    }

    /// <summary>The simulation endpoints (<c>/api/dev/*</c>), only in simulated time.</summary>
    public static IEndpointRouteBuilder MapSimulationWhenSimulated(this IEndpointRouteBuilder app)
    {
        if (IsSimulated(app.ServiceProvider))
        {
            app.MapSimulation();
        }

        return app;
    }

    private static bool IsSimulated(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ClockOptions>>().Value.Mode == ClockMode.Simulated;
}
