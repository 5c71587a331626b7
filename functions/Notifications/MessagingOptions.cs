namespace FosteringWorkflows.Notifications;

/// <summary>
/// How one council sends (<c>Councils__{id}__Messaging__…</c>). A channel's provider is the one named, or else the
/// first with credentials (Notify; then Azure Communication Services for texts, SendGrid for email), or else the
/// dev outbox.
/// </summary>
public sealed class MessagingOptions
{
    public ProviderKind? SmsProvider { get; set; }

    public ProviderKind? EmailProvider { get; set; }

    public NotifyOptions Notify { get; set; } = new();

    public SendGridOptions SendGrid { get; set; } = new();

    public AcsOptions Acs { get; set; } = new();

    /// <summary>A Microsoft Teams incoming-webhook URL: staff alerts are posted there as well as emailed.</summary>
    public Uri? TeamsWebhookUrl { get; set; }

    /// <summary>No texts from this time of day (council's zone)...</summary>
    public string QuietHoursStart { get; set; } = "21:00";

    /// <summary>...until this one: a text falling in between is sent at this time.</summary>
    public string QuietHoursEnd { get; set; } = "08:00";

    public ProviderKind Sms => SmsProvider
        ?? (Notify.IsConfigured ? ProviderKind.Notify : Acs.IsConfigured ? ProviderKind.Acs : ProviderKind.Dev);

    public ProviderKind Email => EmailProvider
        ?? (Notify.IsConfigured ? ProviderKind.Notify : SendGrid.IsConfigured ? ProviderKind.SendGrid : ProviderKind.Dev);
}
