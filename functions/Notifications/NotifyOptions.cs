namespace FosteringWorkflows.Notifications;

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
