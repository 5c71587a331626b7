using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>One request a fake provider received, after it checked the request's authentication.</summary>
public sealed record ProviderCall(string Provider, string Path, JsonNode? Body, string? Reference);

/// <summary>
/// A local HTTP listener speaking GOV.UK Notify's, SendGrid's, Azure Communication Services' and a Teams webhook's
/// APIs as far as this service uses them, checking each one's authentication the way the real one does: Notify's
/// HS256 JWT (iss = service id, signed with the key's secret), SendGrid's bearer key, ACS's HMAC-SHA256 signature.
/// Tests queue failures with <see cref="FailNext"/> and read what arrived from <see cref="Calls"/>.
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    public const string NotifyServiceId = "11111111-2222-3333-4444-555555555555";
    public const string NotifySecret = "66666666-7777-8888-9999-000000000000";
    public const string NotifyApiKey = $"fostering_test-{NotifyServiceId}-{NotifySecret}";
    public const string SendGridKey = "SG.test-sendgrid-key";
    public const string TeamsPath = "/teams/webhook";

    public static readonly string AcsAccessKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("a-32-byte-access-key-for-tests!!"));

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ProviderCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _acsSeen = new(StringComparer.Ordinal);

    private FakeProviders(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<ProviderCall> Calls => [.. _calls];

    /// <summary>How long every provider takes to answer (a real provider's latency, for the benchmark).</summary>
    public TimeSpan ResponseDelay { get; set; }

    public static async Task<FakeProviders> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeProviders(app);
        fake.Map(app);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>The next calls to this provider ("notify", "sendgrid", "acs", "teams") answer with these statuses, in order.</summary>
    public void FailNext(string provider, params int[] statuses)
    {
        var queue = _failures.GetOrAdd(provider, _ => new ConcurrentQueue<int>());
        foreach (var status in statuses)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>Settings pointing a council's messaging at this listener.</summary>
    public Dictionary<string, string?> SettingsFor(string council, string sms, string email, bool teams = false)
    {
        var prefix = $"Councils:{council}:Messaging";
        var settings = new Dictionary<string, string?>
        {
            [$"{prefix}:SmsProvider"] = sms,
            [$"{prefix}:EmailProvider"] = email,
            [$"{prefix}:Notify:ApiKey"] = NotifyApiKey,
            [$"{prefix}:Notify:BaseUrl"] = BaseUrl.ToString(),
            [$"{prefix}:Notify:SmsTemplateId"] = "sms-body-template",
            [$"{prefix}:Notify:EmailTemplateId"] = "email-body-template",
            [$"{prefix}:Notify:CallbackToken"] = "notify-callback-token-for-tests",
            [$"{prefix}:SendGrid:ApiKey"] = SendGridKey,
            [$"{prefix}:SendGrid:Host"] = BaseUrl.ToString(),
            [$"{prefix}:SendGrid:FromEmail"] = "fostering@council.example",
            [$"{prefix}:SendGrid:FromName"] = "Fostering team",
            [$"{prefix}:Acs:Endpoint"] = BaseUrl.ToString(),
            [$"{prefix}:Acs:AccessKey"] = AcsAccessKey,
            [$"{prefix}:Acs:From"] = "+447700900000",
            ["Notifications:HttpRetryDelay"] = "00:00:00.050",
        };
        if (teams)
        {
            settings[$"{prefix}:TeamsWebhookUrl"] = new Uri(BaseUrl, TeamsPath).ToString();
        }

        return settings;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (ResponseDelay > TimeSpan.Zero)
            {
                await Task.Delay(ResponseDelay);
            }

            await next(context);
        });

        app.MapPost("/v2/notifications/{type}", async (string type, HttpContext http) =>
        {
            if (!NotifyAuthorised(http.Request))
            {
                return Results.Json(new { status_code = 403, errors = new[] { new { error = "AuthError", message = "Invalid token" } } }, statusCode: 403);
            }

            var body = await JsonNode.ParseAsync(http.Request.Body);
            var reference = body?["reference"]?.GetValue<string>();
            if (Failure("notify") is { } status)
            {
                // A 500 after the notification was created: the outcome the caller cannot tell from a refusal.
                if (status == 500)
                {
                    _calls.Enqueue(new ProviderCall("notify", $"/v2/notifications/{type}", body, reference));
                }

                if (status == 429)
                {
                    http.Response.Headers.RetryAfter = "1";
                }

                return Results.Json(new { status_code = status, errors = new[] { new { error = status == 400 ? "ValidationError" : "Error", message = "refused by the fake" } } }, statusCode: status);
            }

            _calls.Enqueue(new ProviderCall("notify", $"/v2/notifications/{type}", body, reference));
            return Results.Json(new
            {
                id = Guid.NewGuid().ToString(),
                reference,
                content = new { body = "x", from_number = "GOVUK", subject = "x", from_email = "x@example.org" },
                uri = "https://api.notifications.service.gov.uk/v2/notifications/x",
                template = new { id = body?["template_id"]?.GetValue<string>(), version = 1, uri = "x" },
            }, statusCode: 201);
        });

        app.MapGet("/v2/notifications", (HttpContext http, string? reference) =>
        {
            if (!NotifyAuthorised(http.Request))
            {
                return Results.StatusCode(403);
            }

            var found = _calls.Where(c => c.Provider == "notify" && c.Reference == reference).Select(c => new
            {
                id = Guid.NewGuid().ToString(),
                reference = c.Reference,
                type = c.Path.EndsWith("sms", StringComparison.Ordinal) ? "sms" : "email",
                status = "sending",
            });
            return Results.Json(new { notifications = found.ToArray(), links = new { current = "x" } });
        });

        app.MapPost("/v3/mail/send", async (HttpContext http) =>
        {
            if (http.Request.Headers.Authorization.ToString() != $"Bearer {SendGridKey}")
            {
                return Results.Json(new { errors = new[] { new { message = "The provided authorization grant is invalid" } } }, statusCode: 401);
            }

            var body = await JsonNode.ParseAsync(http.Request.Body);
            if (Failure("sendgrid") is { } status)
            {
                return Results.Json(new { errors = new[] { new { message = "refused by the fake" } } }, statusCode: status);
            }

            _calls.Enqueue(new ProviderCall("sendgrid", "/v3/mail/send", body, body?["personalizations"]?[0]?["custom_args"]?["idempotency_key"]?.GetValue<string>()));
            http.Response.Headers["X-Message-Id"] = "sg-" + Guid.NewGuid().ToString("N");
            return Results.StatusCode(202);
        });

        app.MapPost("/sms", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            if (!AcsAuthorised(http.Request, raw))
            {
                return Results.Json(new { error = new { code = "Denied", message = "Denied by the fake" } }, statusCode: 401);
            }

            if (Failure("acs") is { } status)
            {
                return Results.StatusCode(status);
            }

            var body = JsonNode.Parse(raw);
            var recipient = body?["smsRecipients"]?[0];
            var repeatability = recipient?["repeatabilityRequestId"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
            var repeated = _acsSeen.TryGetValue(repeatability, out var messageId);
            if (!repeated)
            {
                messageId = "Outgoing_" + Guid.NewGuid().ToString("N");
                _acsSeen[repeatability] = messageId;
                _calls.Enqueue(new ProviderCall("acs", "/sms", body, body?["smsSendOptions"]?["tag"]?.GetValue<string>()));
            }

            return Results.Json(new
            {
                value = new[]
                {
                    new { to = recipient?["to"]?.GetValue<string>(), messageId, httpStatusCode = 202, repeatabilityResult = repeated ? "rejected" : "accepted", successful = true },
                },
            }, statusCode: 202);
        });

        app.MapPost(TeamsPath, async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body);
            if (Failure("teams") is { } status)
            {
                return Results.StatusCode(status);
            }

            _calls.Enqueue(new ProviderCall("teams", TeamsPath, body, null));
            return Results.Text("1");
        });
    }

    private int? Failure(string provider) =>
        _failures.TryGetValue(provider, out var queue) && queue.TryDequeue(out var status) ? status : null;

    private static bool NotifyAuthorised(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = header["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(NotifySecret), Encoding.UTF8.GetBytes($"{parts[0]}.{parts[1]}"));
        var claims = JsonNode.Parse(Base64Url(parts[1]));
        return CryptographicOperations.FixedTimeEquals(expected, Base64Url(parts[2])) && claims?["iss"]?.GetValue<string>() == NotifyServiceId;
    }

    private static bool AcsAuthorised(HttpRequest request, byte[] body)
    {
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        if (request.Headers["x-ms-content-sha256"] != contentHash)
        {
            return false;
        }

        var date = request.Headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "R", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        var toSign = $"POST\n{request.Path}{request.QueryString}\n{date};{request.Host.Value};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(AcsAccessKey), Encoding.UTF8.GetBytes(toSign)));
        return request.Headers.Authorization.ToString() == $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}";
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
