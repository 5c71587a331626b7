using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>
/// The real service in-process (WebApplicationFactory) on the shared Azurite, with the sample councils and keys
/// from local.settings.sample.json, a storage prefix of its own, and by default the simulated clock.
/// </summary>
public sealed class TestService : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset ChristmasEve = new(2026, 12, 24, 15, 30, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public TestService(AzuriteFixture azurite, DateTimeOffset? start = null, string? prefix = null,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Prefix = prefix ?? NewPrefix();
        _services = services;
        _settings = SampleSettings();
        _settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        StorageConnectionString = azurite.ConnectionString;
        _settings["Storage:Prefix"] = Prefix;
        _settings["logging:logLevel:default"] = "Warning";
        _settings["logging:logLevel:FosteringWorkflows"] = "Warning";
        _settings["Clock:Mode"] = "Simulated";
        _settings["Clock:Start"] = (start ?? ChristmasEve).ToString("O");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string Prefix { get; }

    /// <summary>The storage the service runs on, for tests that look at the rows themselves.</summary>
    public string StorageConnectionString { get; }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The settings every developer starts from, read from the file itself so the sample is tested too.</summary>
    public static Dictionary<string, string?> SampleSettings() =>
        HostSettings.ReadValues(Path.Combine(AzuriteFixture.RepoRoot, "local.settings.sample.json"));

    /// <summary>Asks for /health and insists on a healthy answer: the service has made its tables and queues.</summary>
    public async Task ReadyAsync()
    {
        using var client = CreateClient();
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
    }

    public HttpClient As(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public HttpClient Officer() => As("dev-officer-key");

    public HttpClient Manager() => As("dev-manager-key");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The same settings twice over: as host settings, which Program reads from its first line (as it reads
        // environment variables when deployed: the telemetry switch), and as app configuration, which is where the
        // logging filters and the options are bound from.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }
}

/// <summary>Two (or more) instances on one storage and one clock, racing at every timer instant.</summary>
public static class Racing
{
    /// <summary>Services for instances that share one clock, as real machines share one time.</summary>
    public static Action<IServiceCollection> SharedClock(FosteringWorkflows.Hosting.SimulatedTimeProvider clock) => s =>
    {
        s.AddSingleton(clock);
        s.AddSingleton<TimeProvider>(clock);
    };

    /// <summary>
    /// Moves the shared clock to each timer instant up to <paramref name="target"/>, and at each one every instance
    /// sweeps and works the queue at the same time, racing for the same timers.
    /// </summary>
    public static async Task RunToAsync(FosteringWorkflows.Hosting.SimulatedTimeProvider clock, DateTimeOffset target, params TestService[] instances)
    {
        var timers = instances[0].Services.GetRequiredService<FosteringWorkflows.Deadlines.TimerIndex>();
        var travellers = instances.Select(s => s.Services.GetRequiredService<FosteringWorkflows.Simulation.TimeTravel>()).ToList();
        while (await timers.EarliestAsync(CancellationToken.None) is { } next && next <= target)
        {
            if (next > clock.GetUtcNow())
            {
                clock.MoveTo(next);
            }

            await Task.WhenAll(travellers.Select(t => Task.Run(() => t.RunDueWorkAsync(CancellationToken.None))));
        }
    }
}

/// <summary>Small helpers for the JSON the API speaks.</summary>
public static class Api
{
    public static object Enquiry(string council = "hertfordshire", DateTimeOffset? receivedAt = null, string? preferredContactFrom = null,
        bool sms = true, bool email = true, string preferredChannel = "sms") => new
        {
            localAuthority = council,
            channel = "phone",
            receivedAt,
            applicant = new
            {
                firstName = "Sam",
                lastName = "Jones",
                email = "sam@example.org",
                phone = "07911 123456",
                postcode = "SG1 2FQ",
                preferredChannel,
                preferredContactFrom,
            },
            consent = new { sms, email },
        };

    public static async Task<string> StartJourneyAsync(this HttpClient client, object? enquiry = null)
    {
        var response = await client.PostAsJsonAsync("/api/enquiries", enquiry ?? Enquiry());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("journeyId").GetString()!;
    }

    public static async Task<JsonElement> PostEventAsync(this HttpClient client, string journeyId, string type, object? data = null, DateTimeOffset? occurredAt = null)
    {
        var response = await client.PostAsJsonAsync($"/api/journeys/{journeyId}/events", new { type, occurredAt, data });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{type}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A new enquiry taken through contact, screening, the visit and the decision to progress: awaiting the application.</summary>
    public static async Task<string> StartAtApplicationAsync(this HttpClient client)
    {
        var id = await client.StartJourneyAsync();
        await client.PostEventAsync(id, "ContactMade");
        await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" });
        await client.PostEventAsync(id, "InitialVisitCompleted");
        await client.PostEventAsync(id, "ProgressDecided", new { decision = "Progress" });
        return id;
    }

    /// <summary>A new enquiry taken through contact, screening, the visit, the decision and the application: at Stage 1.</summary>
    public static async Task<string> StartAtStage1Async(this HttpClient client)
    {
        var id = await client.StartAtApplicationAsync();
        await client.PostEventAsync(id, "ApplicationReceived");
        return id;
    }

    /// <summary>The council's default Stage 1 checks of the first applicant, each recorded as completed.</summary>
    public static readonly string[] DefaultChecks = ["DBS", "LocalAuthority", "Medical", "References"];

    /// <summary>Records the default checks and completes Stage 1 with <c>Proceed</c>: the journey is at Assessment.</summary>
    public static async Task<JsonElement> ProceedPastStage1Async(this HttpClient client, string journeyId)
    {
        foreach (var check in DefaultChecks)
        {
            await client.PostEventAsync(journeyId, "CheckCompleted", new { check });
        }

        return await client.PostEventAsync(journeyId, "Stage1Completed", new { outcome = "Proceed" });
    }

    /// <summary>A new journey taken through Stage 1 and the Form F assessment: at Panel.</summary>
    public static async Task<string> StartAtPanelAsync(this HttpClient client)
    {
        var id = await client.StartAtStage1Async();
        await client.ProceedPastStage1Async(id);
        await client.PostEventAsync(id, "AssessmentStarted");
        await client.PostEventAsync(id, "AssessmentCompleted");
        return id;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>The simulation endpoints take an Admin key, whatever key the client carries for the rest.</summary>
    public const string AdminKey = "dev-admin-key";

    public static Task<HttpResponseMessage> AsAdminAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", AdminKey); // a header on the request wins over the client's default
        return client.SendAsync(request);
    }

    public static async Task AdvanceAsync(this HttpClient client, string by)
    {
        var response = await client.AsAdminAsync(HttpMethod.Post, "/api/dev/clock/advance", new { by });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task AdvanceToAsync(this HttpClient client, DateTimeOffset to)
    {
        var response = await client.AsAdminAsync(HttpMethod.Post, "/api/dev/clock/advance", new { to });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<List<JsonElement>> OutboxAsync(this HttpClient client, string journeyId)
    {
        var response = await client.AsAdminAsync(HttpMethod.Get, $"/api/dev/outbox?journeyId={journeyId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray()];
    }

    public static JsonElement Deadline(this JsonElement journey, string clock) =>
        journey.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("clock").GetString() == clock);

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static DateTimeOffset Time(this JsonElement element, string property) => element.GetProperty(property).GetDateTimeOffset();

    public static MediaTypeHeaderValue Json { get; } = new("application/json");
}
