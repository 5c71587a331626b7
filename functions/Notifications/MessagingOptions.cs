namespace FosteringWorkflows.Notifications;

public enum ProviderKind
{
    Dev,
    Notify,
    SendGrid,
    Acs,
}

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

public sealed class NotifyOptions
{
    public string? ApiKey { get; set; }

    public Uri BaseUrl { get; set; } = new("https://api.notifications.service.gov.uk");

    /// <summary>A Notify text template whose whole content is <c>((body))</c>, used for any message without its own template id.</summary>
    public string? SmsTemplateId { get; set; }

    /// <summary>A Notify email template of subject <c>((subject))</c> and content <c>((body))</c>.</summary>
    public string? EmailTemplateId { get; set; }

    /// <summary>Our template name → a Notify template id, sent with the template's fields as personalisation.</summary>
    public Dictionary<string, string> Templates { get; } = new(StringComparer.Ordinal);

    /// <summary>The bearer token Notify presents on delivery-receipt callbacks for this council's service.</summary>
    public string? CallbackToken { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);
}

public sealed class SendGridOptions
{
    public string? ApiKey { get; set; }

    /// <summary>The API's address (the default is SendGrid's own).</summary>
    public Uri Host { get; set; } = new("https://api.sendgrid.com");

    public string FromEmail { get; set; } = "";

    public string FromName { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);
}

public sealed class AcsOptions
{
    /// <summary>The resource, such as https://contoso.communication.azure.com.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The resource's access key (base64), used to sign each request with HMAC-SHA256.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The sending number, E.164.</summary>
    public string From { get; set; } = "";

    public bool IsConfigured => Endpoint is not null && !string.IsNullOrWhiteSpace(AccessKey);
}
