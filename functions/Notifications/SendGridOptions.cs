namespace FosteringWorkflows.Notifications;

public sealed class SendGridOptions
{
    public string? ApiKey { get; set; }

    /// <summary>The API's address (the default is SendGrid's own).</summary>
    public Uri Host { get; set; } = new("https://api.sendgrid.com");

    public string FromEmail { get; set; } = "";

    public string FromName { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);
}
