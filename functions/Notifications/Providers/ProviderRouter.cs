using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Notifications.Providers;

/// <summary>Which provider sends a message: by its channel and its council's settings.</summary>
public sealed class ProviderRouter(
    IOptions<CouncilMessagingOptions> messaging, DevOutboxProvider dev, NotifyProvider notify, SendGridProvider sendGrid, AcsSmsProvider acs, TeamsWebhookProvider teams)
{
    public IMessageProvider For(OutboxMessage message)
    {
        if (message.Channel == MessageChannel.Teams)
        {
            return teams;
        }

        var settings = messaging.Value.For(message.Council);
        return (message.Channel == MessageChannel.Sms ? settings.Sms : settings.Email) switch
        {
            ProviderKind.Notify => notify,
            ProviderKind.SendGrid => sendGrid,
            ProviderKind.Acs => acs,
            _ => dev,
        };
    }
}
