using FosteringWorkflows.Councils;

namespace FosteringWorkflows.Notifications.Providers;

/// <summary>Which provider sends a message: by its channel and its council's settings.</summary>
public sealed class ProviderRouter(
    CouncilDirectory councils, DevOutboxProvider dev, NotifyProvider notify, SendGridProvider sendGrid, AcsSmsProvider acs, TeamsWebhookProvider teams)
{
    public IMessageProvider For(OutboxMessage message)
    {
        if (message.Channel == "teams")
        {
            return teams;
        }

        var messaging = councils.Get(message.Council).Messaging;
        return (message.Channel == "sms" ? messaging.Sms : messaging.Email) switch
        {
            ProviderKind.Notify => notify,
            ProviderKind.SendGrid => sendGrid,
            ProviderKind.Acs => acs,
            _ => dev,
        };
    }
}
