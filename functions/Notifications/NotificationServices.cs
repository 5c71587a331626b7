using FosteringWorkflows.Councils;
using FosteringWorkflows.Notifications.Providers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace FosteringWorkflows.Notifications;

public static class NotificationServices
{
    /// <summary>
    /// Each council's providers (<c>Councils:{id}:Messaging</c>, validated at start), the message catalogue, the providers (dev outbox, GOV.UK Notify, SendGrid, ACS SMS, Teams) with their HTTP
    /// clients, the router that picks a council's, and the dispatcher. The outbox itself is the journeys' (<see cref="IOutboxStore"/>).
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<CouncilMessagingOptions>()
            .Configure<IConfiguration>((o, configuration) => configuration.BindEach(CouncilMessagingOptions.Section, o.Items)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CouncilMessagingOptions>, MessagingOptionsValidator>();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddSingleton(sp => new TemplateBook(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.TemplatesPath ?? TemplateBook.DefaultDirectory));
        services.AddSingleton<DevOutboxProvider>();
        services.AddSingleton<NotifyProvider>();
        services.AddSingleton<SendGridProvider>();
        services.AddSingleton<AcsSmsProvider>();
        services.AddSingleton<TeamsWebhookProvider>();
        services.AddSingleton<ProviderRouter>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddOptions<StatusLinkOptions>().BindConfiguration(StatusLinkOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StatusLinkOptions>, StatusLinkOptions>();
        services.AddSingleton<StatusLinks>();
        foreach (var name in new[] { NotifyProvider.HttpClientName, SendGridProvider.HttpClientName, AcsSmsProvider.HttpClientName, TeamsWebhookProvider.HttpClientName })
        {
            AddProviderClient(services, name, repeatable: name == AcsSmsProvider.HttpClientName);
        }

        services.AddHealthChecks().AddCheck<MessagingHealthCheck>("messaging");
        return services;
    }

    /// <summary>
    /// Retried here with exponential back-off and jitter (honouring Retry-After) before a send counts as failed: 429
    /// always (the provider refused the request unread). 408, 5xx and network failures only where the provider's
    /// repeatability headers make a repeated POST harmless (ACS): a 500 from Notify, SendGrid or Teams may come after the
    /// message was created, and repeating that POST would send it twice. Those go back to the dispatcher, whose next
    /// attempt first asks the provider whether it has the message. The waits are real time: the domain clock may be simulated.
    /// </summary>
    private static void AddProviderClient(IServiceCollection services, string name, bool repeatable) =>
        services.AddHttpClient(name).AddResilienceHandler("provider", (pipeline, context) =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(TimeSpan.FromSeconds(60));
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = context.ServiceProvider.GetRequiredService<IOptions<DeliveryOptions>>().Value.HttpRetryDelay,
            };
            if (!repeatable)
            {
                retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.TooManyRequests);
            }

            pipeline.AddRetry(retry);
            pipeline.AddTimeout(TimeSpan.FromSeconds(15));
        });
}
