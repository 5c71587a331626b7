using Microsoft.Extensions.Options;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FosteringWorkflows.Notifications.Providers;

/// <summary>
/// Texts through Azure Communication Services' SMS REST API (<c>POST /sms?api-version=2021-03-07</c>), signed with
/// HMAC-SHA256 as ACS documents: the key is the base64-decoded access key; the signed string is
/// <c>"{METHOD}\n{path and query}\n{x-ms-date};{host};{x-ms-content-sha256}"</c>. Repeatability headers make a
/// repeated send of the same message a no-op at ACS, so an unknown outcome is settled by sending again.
/// </summary>
public sealed class AcsSmsProvider(IOptions<CouncilMessagingOptions> messaging, IHttpClientFactory http, TimeProvider time) : IMessageProvider
{
    public const string HttpClientName = "acs";
    private const string PathAndQuery = "/sms?api-version=2021-03-07";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Name => "Acs";

    public bool DeduplicatesByKey => false;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var options = messaging.Value.For(message.Council).Acs;
        var body = JsonSerializer.SerializeToUtf8Bytes(new SendRequest(
            options.From,
            [new Recipient(message.To, RepeatabilityId(message.IdempotencyKey), (message.FirstAttemptAt ?? time.GetUtcNow()).ToString("R", CultureInfo.InvariantCulture))],
            message.Body,
            new SendOptions(EnableDeliveryReport: true, Tag: message.IdempotencyKey)), Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Endpoint!, PathAndQuery))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        Sign(request, body, Convert.FromBase64String(options.AccessKey!), time.GetUtcNow());

        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"Azure Communication Services could not be reached: {e.Message}", permanent: false, e);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw DeliveryException.FromStatus(Name, response.StatusCode, "the request was refused");
            }

            var result = (await response.Content.ReadFromJsonAsync<SendResponse>(Json, cancellationToken))?.Value.SingleOrDefault()
                ?? throw new DeliveryException("Azure Communication Services answered without a result.", permanent: false);
            if (!result.Successful)
            {
                throw DeliveryException.FromStatus(Name, (HttpStatusCode)result.HttpStatusCode, result.ErrorMessage ?? "not sent");
            }

            return result.MessageId;
        }
    }

    /// <summary>Not knowable without the delivery-report events; sending again is safe because of the repeatability headers.</summary>
    public Task<string?> FindSentAsync(OutboxMessage message, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Adds <c>x-ms-date</c>, <c>x-ms-content-sha256</c> and the <c>HMAC-SHA256</c> Authorization header.</summary>
    public static void Sign(HttpRequestMessage request, byte[] body, byte[] key, DateTimeOffset now)
    {
        var date = now.ToString("R", CultureInfo.InvariantCulture);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var host = request.RequestUri!.IsDefaultPort ? request.RequestUri.Host : $"{request.RequestUri.Host}:{request.RequestUri.Port}";
        var toSign = $"{request.Method.Method}\n{request.RequestUri.PathAndQuery}\n{date};{host};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-content-sha256", contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
    }

    /// <summary>A stable GUID per message: ACS's repeatability id must be a GUID.</summary>
    public static string RepeatabilityId(string idempotencyKey) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16)).ToString();

    private sealed record SendRequest(string From, Recipient[] SmsRecipients, string Message, SendOptions SmsSendOptions);

    private sealed record Recipient(string To, string RepeatabilityRequestId, string RepeatabilityFirstSent);

    private sealed record SendOptions(bool EnableDeliveryReport, string Tag);

    private sealed record SendResponse(List<SendResult> Value);

    private sealed record SendResult(string To, string? MessageId, int HttpStatusCode, bool Successful, string? ErrorMessage);
}
