namespace FosteringWorkflows.Notifications;

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
