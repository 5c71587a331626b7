using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Notifications;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Journeys;

public static class JourneyServices
{
    /// <summary>
    /// The journey store and engine. Two features lower down reach the journeys only through interfaces they own, which
    /// the journeys fill here: the outbox the dispatcher reads (<see cref="IOutboxStore"/>, the journey store) and the
    /// waking a timer does (<see cref="IJourneyWaker"/>, the engine).
    /// </summary>
    public static IServiceCollection AddJourneys(this IServiceCollection services)
    {
        services.AddOptions<RetryOptions>().BindConfiguration(RetryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetryOptions>, RetryOptionsValidator>();
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.Section)
            .PostConfigure<IConfiguration>((o, configuration) => o.PublicBaseUrl ??= EngineOptions.FromListeningUrls(configuration["urls"] ?? configuration["ASPNETCORE_URLS"]))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>();
        services.AddSingleton<JourneyStore>();
        services.AddSingleton<IBuddyHolders, BuddyHolders>();
        services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<JourneyStore>());
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<JourneyEngine>();
        services.AddSingleton<IJourneyWaker>(sp => sp.GetRequiredService<JourneyEngine>());
        services.AddSingleton<JourneySteps>();
        return services;
    }

    /// <summary>The journeys' API and the providers' delivery receipts.</summary>
    public static IEndpointRouteBuilder MapJourneyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapJourneys();
        app.MapReceipts();
        return app;
    }
}
