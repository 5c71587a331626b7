using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// Azurite's own share of the slide with the population, measured rather than explained: a service whose table calls go
/// through a recording proxy runs the throughput phase's workload (enquiries, then each journey's 12 steps), and every
/// table request its events made is recorded as sent (the same point reads, the same entity group transactions with the
/// same rows and sizes, the same timer, figures, work-index and audit writes). They are then replayed without the engine,
/// in their order, as many at once as the engine had in flight, into tables under two names: new, empty tables, and the
/// tables the population phase filled (the same Azurite process, so only the tables' sizes differ). Each request is signed
/// again for its table's name, and its ETag conditions become <c>*</c> (the rows' ETags are new), so the work is the same
/// whatever the rows' histories. The ratio of the two replays is Azurite's own; the engine's is beside it.
/// </summary>
internal static partial class ReplayPhase
{
    private const string RecordedPrefix = "benchrec";

    /// <summary>A table request as the service sent it.</summary>
    internal sealed record Recorded(string Method, string PathAndQuery, Dictionary<string, string> Headers, byte[] Body);

    /// <summary>The recorded events' table requests, and the enquiries' before them (replayed first, not timed).</summary>
    internal sealed record Recording(IReadOnlyList<Recorded> Setup, IReadOnlyList<Recorded> Events, int EventCount);

    public static async Task<Recording> RecordAsync(Bench bench, AzuriteProcess azurite, IDictionary<string, string?> sample, int journeys, int concurrency)
    {
        var tableEndpoint = TableEndpointOf(azurite.ConnectionString);
        await using var proxy = await RecordingProxy.StartAsync(tableEndpoint);
        var settings = new Dictionary<string, string?>(sample)
        {
            ["Storage:Prefix"] = RecordedPrefix,
            ["AzureWebJobsStorage"] = TableEndpointPattern().Replace(azurite.ConnectionString, $"TableEndpoint={proxy.Address}devstoreaccount1;"),
        };
        await using var factory = Bench.InProcess(settings);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-officer-key");
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();

        proxy.Recording = true;
        var ids = new string[journeys];
        await Bench.RunAsync(journeys, concurrency, async i => ids[i] = await Bench.StartAsync(client));
        var setup = proxy.TakeRecorded();
        var steps = ThroughputPhase.Steps(TimeProvider.System.GetUtcNow());
        await Bench.RunAsync(journeys, concurrency, async i =>
        {
            foreach (var (type, data) in steps)
            {
                (await client.PostAsJsonAsync($"/api/journeys/{ids[i]}/events", new { type, data })).EnsureSuccessStatusCode();
            }
        });
        var events = proxy.TakeRecorded();
        proxy.Recording = false;
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"recorded",-34} {journeys * steps.Length} events' {events.Count} table requests ({(double)events.Count / (journeys * steps.Length):F2} each), after {journeys} enquiries' {setup.Count}"));
        return new Recording(setup, events, journeys * steps.Length);
    }

    /// <summary>Replays the recording into tables named with <paramref name="prefix"/>: the events a second, and the requests that failed.</summary>
    public static async Task<(double PerSecond, int Failed)> ReplayAsync(Bench bench, AzuriteProcess azurite, Recording recording, string prefix, string label, int concurrency)
    {
        var endpoint = new Uri(TableEndpointOf(azurite.ConnectionString));
        var key = Convert.FromBase64String(Regex.Match(azurite.ConnectionString, "AccountKey=([^;]+)").Groups[1].Value);
        using var client = new HttpClient { BaseAddress = new Uri(endpoint.GetLeftPart(UriPartial.Authority)) };
        var tables = recording.Setup.Concat(recording.Events)
            .Select(r => TableNamePattern().Match(r.PathAndQuery)).Where(m => m.Success).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        var service = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);
        foreach (var table in tables)
        {
            await service.CreateTableIfNotExistsAsync(prefix + table[RecordedPrefix.Length..]);
        }

        var failed = 0;
        await RunAsync(client, key, [.. recording.Setup], prefix, concurrency, () => Interlocked.Increment(ref failed));
        var setupFailed = failed;
        var started = Stopwatch.GetTimestamp();
        await RunAsync(client, key, [.. recording.Events], prefix, concurrency, () => Interlocked.Increment(ref failed));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var perSecond = recording.EventCount / elapsed.TotalSeconds;
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{$"replayed events {label}",-34} {perSecond,8:F1} /s   ({recording.Events.Count} table requests in {elapsed.TotalSeconds:F1} s, {concurrency} at once; {failed - setupFailed} refused, {setupFailed} in the enquiries before)"));
        return (perSecond, failed - setupFailed);
    }

    private static async Task RunAsync(HttpClient client, byte[] key, List<Recorded> requests, string prefix, int concurrency, Action failed)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < requests.Count;)
            {
                using var request = Rewrite(requests[i], prefix, key);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode || BatchStatusPattern().Matches(body).Any(m => m.Groups[1].Value[0] >= '4'))
                {
                    failed();
                }
            }
        })));
    }

    /// <summary>The recorded request for the tables under <paramref name="prefix"/>, with any ETag condition made <c>*</c>, signed now.</summary>
    private static HttpRequestMessage Rewrite(Recorded recorded, string prefix, byte[] key)
    {
        var path = recorded.PathAndQuery.Replace(RecordedPrefix, prefix, StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(recorded.Method), path);
        if (recorded.Body.Length > 0 || recorded.Method is "POST" or "PUT" or "PATCH" or "MERGE")
        {
            var body = recorded.Body;
            if (recorded.Headers.TryGetValue("Content-Type", out var type) && type.StartsWith("multipart/mixed", StringComparison.Ordinal))
            {
                var text = Encoding.UTF8.GetString(body).Replace(RecordedPrefix, prefix, StringComparison.Ordinal);
                body = Encoding.UTF8.GetBytes(IfMatchPattern().Replace(text, "If-Match: *"));
            }

            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in recorded.Headers)
        {
            var header = name.Equals("If-Match", StringComparison.OrdinalIgnoreCase) ? "*" : value;
            if (!request.Headers.TryAddWithoutValidation(name, header))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, header);
            }
        }

        var date = TimeProvider.System.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + path).Query);
        var resource = "/devstoreaccount1" + new Uri("http://x" + path).AbsolutePath + (query["comp"] is { } comp ? "?comp=" + comp : "");
        var toSign = $"{recorded.Method}\n\n{request.Content?.Headers.ContentType?.ToString() ?? ""}\n{date}\n{resource}";
        request.Headers.TryAddWithoutValidation("Authorization", "SharedKey devstoreaccount1:" + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign))));
        return request;
    }

    private static string TableEndpointOf(string connectionString) => TableEndpointPattern().Match(connectionString).Groups[1].Value;

    [GeneratedRegex("TableEndpoint=([^;]+);?")]
    private static partial Regex TableEndpointPattern();

    [GeneratedRegex(RecordedPrefix + "[A-Za-z]+[0-9]*")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex("If-Match: [^\r\n]+")]
    private static partial Regex IfMatchPattern();

    [GeneratedRegex("HTTP/1\\.1 (\\d{3})")]
    private static partial Regex BatchStatusPattern();

    /// <summary>A loopback proxy to Azurite's table endpoint that keeps what passes while <see cref="Recording"/> is on.</summary>
    private sealed class RecordingProxy : IAsyncDisposable
    {
        private static readonly HashSet<string> Kept = new(StringComparer.OrdinalIgnoreCase)
        {
            "Accept", "Content-Type", "DataServiceVersion", "MaxDataServiceVersion", "Prefer", "If-Match", "x-ms-version",
        };

        private readonly WebApplication _app;
        private readonly HttpClient _azurite;
        private ConcurrentQueue<Recorded> _recorded = new();

        private RecordingProxy(WebApplication app, HttpClient azurite)
        {
            _app = app;
            _azurite = azurite;
        }

        public bool Recording { get; set; }

        public Uri Address { get; private set; } = null!;

        public List<Recorded> TakeRecorded() => [.. Interlocked.Exchange(ref _recorded, new ConcurrentQueue<Recorded>())];

        public static async Task<RecordingProxy> StartAsync(string tableEndpoint)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var proxy = new RecordingProxy(app, new HttpClient { BaseAddress = new Uri(new Uri(tableEndpoint).GetLeftPart(UriPartial.Authority)) });
            app.Run(proxy.ForwardAsync);
            await app.StartAsync();
            proxy.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
            return proxy;
        }

        private async Task ForwardAsync(HttpContext http)
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var pathAndQuery = http.Request.Path + http.Request.QueryString;
            using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), pathAndQuery);
            if (body.Length > 0)
            {
                request.Content = new ByteArrayContent(body);
            }

            var kept = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in http.Request.Headers)
            {
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
                }

                if (Kept.Contains(name))
                {
                    kept[name] = values.ToString();
                }
            }

            if (Recording && (pathAndQuery.Contains(RecordedPrefix, StringComparison.Ordinal) || http.Request.Path.Value?.EndsWith("$batch", StringComparison.Ordinal) == true))
            {
                _recorded.Enqueue(new Recorded(http.Request.Method, pathAndQuery, kept, body));
            }

            using var response = await _azurite.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            await response.Content.CopyToAsync(http.Response.Body);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            _azurite.Dispose();
        }
    }
}
