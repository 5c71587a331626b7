using Microsoft.Extensions.Options;
using System.Net;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace FosteringWorkflows.Notifications.Providers;

/// <summary>
/// Email through SendGrid's v3 mail-send API and its client library. SendGrid has no idempotency key and no cheap
/// way to ask whether a message went, so an outcome lost to a crash is sent again (the one case that can repeat).
/// </summary>
public sealed class SendGridProvider(IOptions<CouncilMessagingOptions> messaging, IHttpClientFactory http) : IMessageProvider
{
    public const string HttpClientName = "sendgrid";

    public string Name => "SendGrid";

    public bool DeduplicatesByKey => false;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var options = messaging.Value.For(message.Council).SendGrid;
        var client = new SendGridClient(http.CreateClient(HttpClientName), new SendGridClientOptions { ApiKey = options.ApiKey, Host = options.Host.ToString().TrimEnd('/') });
        var mail = MailHelper.CreateSingleEmail(new EmailAddress(options.FromEmail, options.FromName), new EmailAddress(message.To), message.Subject ?? "", message.Body, null);
        mail.AddCustomArg("idempotency_key", message.IdempotencyKey);
        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"SendGrid could not be reached: {e.Message}", permanent: false, e);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw DeliveryException.FromStatus(Name, response.StatusCode, response.StatusCode == HttpStatusCode.Unauthorized ? "the API key was refused" : "the message was refused");
        }

        return response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
    }

    public Task<string?> FindSentAsync(OutboxMessage message, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
