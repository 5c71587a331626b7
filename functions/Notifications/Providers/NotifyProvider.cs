using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Notify.Client;
using Notify.Exceptions;
using Notify.Interfaces;

namespace FosteringWorkflows.Notifications.Providers;

/// <summary>
/// GOV.UK Notify through its client library. A message whose template the council has mapped to a Notify template
/// goes with its fields as personalisation; any other goes through the council's generic ((body)) template. Our
/// idempotency key is Notify's <c>reference</c>, which is also how an unknown outcome is looked up.
/// </summary>
public sealed partial class NotifyProvider(IOptions<CouncilMessagingOptions> messaging, IHttpClientFactory http, TemplateBook templates) : IMessageProvider
{
    public const string HttpClientName = "notify";

    public string Name => "Notify";

    public bool DeduplicatesByKey => false;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var options = messaging.Value.For(message.Council).Notify;
        var mapped = options.Templates.TryGetValue(message.Template, out var templateId);
        var personalisation = new Dictionary<string, dynamic>(StringComparer.Ordinal);
        var fields = message.Channel == MessageChannel.Email ? ForEmail(message.Fields) : message.Fields;
        if (mapped)
        {
            foreach (var (key, value) in fields)
            {
                personalisation[key] = value;
            }
        }
        else
        {
            // Notify reads an email's body as Markdown: the body is filled again with the fields escaped.
            // A message queued under an older template (other fields) goes as it was written.
            var template = message.Channel == MessageChannel.Email && message.Fields.Count > 0 ? templates.Get(message.Council, message.Template) : null;
            personalisation["body"] = template is not null && template.Placeholders.All(fields.ContainsKey)
                ? TemplateBook.Fill(template.Body, fields)
                : message.Body;
            if (message.Channel == MessageChannel.Email)
            {
                personalisation["subject"] = message.Subject ?? "";
            }
        }

        return await CallAsync(async client => message.Channel == MessageChannel.Sms
            ? (await client.SendSmsAsync(message.To, mapped ? templateId : options.SmsTemplateId, personalisation, message.IdempotencyKey, null)).id
            : (await client.SendEmailAsync(message.To, mapped ? templateId : options.EmailTemplateId, personalisation, message.IdempotencyKey, null)).id,
            options);
    }

    /// <summary>
    /// Notify renders an email's Markdown, values included: what the fields hold (an applicant's name, a reason) shows as
    /// typed, never as a link or a heading in an official email; the service's own link is left as it is.
    /// </summary>
    private static Dictionary<string, string> ForEmail(IReadOnlyDictionary<string, string> fields) =>
        fields.ToDictionary(f => f.Key, f => f.Key == "link" ? f.Value : Text.ForMarkdown(f.Value), StringComparer.Ordinal);

    public Task<string?> FindSentAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var options = messaging.Value.For(message.Council).Notify;
        return CallAsync(async client =>
        {
            var found = await client.GetNotificationsAsync(message.Channel.Wire(), null, message.IdempotencyKey, null, false);
            return found.notifications.FirstOrDefault()?.id;
        }, options);
    }

    private async Task<string?> CallAsync(Func<NotificationClient, Task<string?>> call, NotifyOptions options)
    {
        var client = http.CreateClient(HttpClientName);
        client.BaseAddress = new Uri(options.BaseUrl.ToString().TrimEnd('/') + "/");
        try
        {
            return await call(new NotificationClient(new Adapter(client), options.ApiKey));
        }
        catch (NotifyClientException e)
        {
            var status = StatusCode().Match(e.Message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 500;
            throw DeliveryException.FromStatus(Name, (HttpStatusCode)status, ErrorOnly(e.Message));
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"Notify could not be reached: {e.Message}", permanent: false, e);
        }
    }

    /// <summary>Notify's own error text, without the request it echoes (which would carry the applicant's details).</summary>
    private static string ErrorOnly(string message) => ErrorName().Match(message) is { Success: true } m ? m.Groups[1].Value : "error";

    [GeneratedRegex(@"Status code (\d{3})")]
    private static partial Regex StatusCode();

    [GeneratedRegex("\"error\":\\s*\"([A-Za-z]+)\"")]
    private static partial Regex ErrorName();

    /// <summary>
    /// The Notify client's HTTP seam, over an <see cref="HttpClient"/> from the factory (with its retry policy) whose
    /// base address is the configured Notify API, not the library's fixed one.
    /// </summary>
    private sealed class Adapter(HttpClient client) : IHttpClient
    {
        public Uri BaseAddress { get; set; } = client.BaseAddress!;

        public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => client.SendAsync(request);

        public void SetClientBaseAddress()
        {
            // The configured base address stands; the library would set its own.
        }

        public void AddContentHeader(string header) => client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(header));

        public void AddUserAgent(string userAgent) => client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);

        public void Dispose()
        {
            // The factory owns the handler.
        }
    }
}
