using System.Text.Json.Serialization;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Calendar;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Hub;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Notifications.Providers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Records;
using FosteringWorkflows.Reports;
using FosteringWorkflows.Reports.Pages;
using FosteringWorkflows.Simulation;
using FosteringWorkflows.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddFunctionsStyleSettings(builder.Environment.ContentRootPath);
builder.Logging.AddConfiguration(builder.Configuration.GetSection("logging"));
// Loopback unless told otherwise: ASPNETCORE_URLS, --urls, or the container images' ASPNETCORE_HTTP_PORTS (8080).
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"])
    && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:7071");
    builder.Configuration["urls"] = "http://127.0.0.1:7071";
}

// One body limit for every endpoint; a larger body is a 413 problem, never a 500.
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Problems.MaxBodyBytes);

var services = builder.Services;
var configuration = builder.Configuration;

services.AddOptions<CouncilsOptions>().Configure(o => configuration.GetSection(CouncilsOptions.Section).Bind(o.Items)).ValidateOnStart();
services.AddSingleton<IValidateOptions<CouncilsOptions>, CouncilsOptionsValidator>();
services.AddOptions<HubsOptions>().Configure(o => configuration.GetSection(HubsOptions.Section).Bind(o.Items)).ValidateOnStart();
services.AddSingleton<IValidateOptions<HubsOptions>, HubsOptionsValidator>();
services.AddOptions<ApiKeysOptions>().Configure(o => configuration.GetSection(ApiKeysOptions.Section).Bind(o.Keys))
    .Validate(o => o.Keys.All(k => !string.IsNullOrWhiteSpace(k.Name) && k.Key.Length >= 12), "Every ApiKeys entry needs a Name and a Key of at least 12 characters.")
    .ValidateOnStart();
services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
    .Validate(o => o.Prefix.All(char.IsAsciiLetterLower) || o.Prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) && (o.Prefix.Length == 0 || char.IsAsciiLetterLower(o.Prefix[0])),
        "Storage:Prefix is lower-case letters and digits, starting with a letter.")
    .ValidateOnStart();
services.AddOptions<RetryOptions>().BindConfiguration(RetryOptions.Section)
    .Validate(o => o.MaxRetryCount >= 0 && o.MinimumInterval > TimeSpan.Zero && o.MaximumInterval >= o.MinimumInterval, "retry: intervals must be positive with maximum ≥ minimum.")
    .ValidateOnStart();
services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.Section)
    .Validate(o => o.BatchSize is >= 1 and <= 32, "extensions:queues:batchSize is 1 to 32 (the Azure Storage limit).")
    .Validate(o => o.MaxDequeueCount >= 1 && o.VisibilityTimeout > TimeSpan.Zero && o.MaxPollingInterval > TimeSpan.Zero, "extensions:queues: counts and intervals must be positive.")
    .ValidateOnStart();
services.AddOptions<TimerSweepOptions>().BindConfiguration(TimerSweepOptions.Section)
    .Validate(o => o.SweepInterval > TimeSpan.Zero && o.PageSize is >= 1 and <= 1000, "extensions:durableTimers: sweepInterval positive, pageSize 1 to 1000.")
    .ValidateOnStart();
services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section)
    .Validate(o => o.MaxAttempts >= 1 && o.RetryDelay > TimeSpan.Zero && o.ClaimLease > TimeSpan.Zero && o.HttpRetryDelay > TimeSpan.Zero,
        "Notifications: MaxAttempts at least 1; RetryDelay, ClaimLease and HttpRetryDelay positive.")
    .ValidateOnStart();
services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.Section)
    .PostConfigure(o => o.PublicBaseUrl ??= EngineOptions.FromListeningUrls(configuration["urls"] ?? configuration["ASPNETCORE_URLS"]))
    .Validate<IOptions<DeliveryOptions>>((o, delivery) => o.DispatchGrace > delivery.Value.ClaimLease,
        "Engine:DispatchGrace must be longer than Notifications:ClaimLease, so a dead dispatcher's claim has lapsed when its message is retried.")
    .ValidateOnStart();
services.AddOptions<FosteringWorkflows.Hosting.ClockOptions>().BindConfiguration(FosteringWorkflows.Hosting.ClockOptions.Section).ValidateOnStart();

// The simulated clock is the test library's FakeTimeProvider: it only moves when the advance endpoint moves it.
services.AddSingleton(sp => new FakeTimeProvider(sp.GetRequiredService<IOptions<FosteringWorkflows.Hosting.ClockOptions>>().Value.Start ?? TimeProvider.System.GetUtcNow()));
services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<IOptions<FosteringWorkflows.Hosting.ClockOptions>>().Value.Mode == ClockMode.Simulated
    ? sp.GetRequiredService<FakeTimeProvider>()
    : TimeProvider.System);
services.AddSingleton<TimeTravel>();
services.AddSingleton<SimulatedClock>();
services.AddHostedService<DurableTimersService>();
services.AddSingleton(BankHolidays.LoadEmbedded());
services.AddSingleton<CouncilDirectory>();
services.AddSingleton<StorageAccount>();
services.AddSingleton<PolicyBook>();
// Run by ServiceReadiness in this order, once storage exists: policy versions recorded, then the simulated clock restored.
services.AddSingleton<IReadinessStep>(sp => sp.GetRequiredService<PolicyBook>());
services.AddSingleton<IReadinessStep>(sp => sp.GetRequiredService<SimulatedClock>());
services.AddSingleton<ServiceReadiness>();
services.AddSingleton<JourneyStore>();
services.AddSingleton<TimerIndex>();
services.AddSingleton<LocalTimers>();
services.AddSingleton<MessageComposer>();
services.AddSingleton(sp => new TemplateBook(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.TemplatesPath ?? TemplateBook.DefaultDirectory));
services.AddSingleton<DevOutboxProvider>();
services.AddSingleton<NotifyProvider>();
services.AddSingleton<SendGridProvider>();
services.AddSingleton<AcsSmsProvider>();
services.AddSingleton<TeamsWebhookProvider>();
services.AddSingleton<ProviderRouter>();
services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<JourneyStore>());
services.AddSingleton<OutboxDispatcher>();
foreach (var name in new[] { NotifyProvider.HttpClientName, SendGridProvider.HttpClientName, AcsSmsProvider.HttpClientName, TeamsWebhookProvider.HttpClientName })
{
    // Retried here with exponential back-off and jitter (honouring Retry-After) before a send counts as failed: 429
    // always (the provider refused the request unread). 408, 5xx and network failures only for ACS, whose
    // repeatability headers make a repeated POST harmless: a 500 from Notify, SendGrid or Teams may come after the
    // message was created, and repeating that POST would send it twice. Those go back to the dispatcher, whose next
    // attempt first asks the provider whether it has the message. The waits are real time: the domain clock may be simulated.
    var repeatable = name == AcsSmsProvider.HttpClientName;
    services.AddHttpClient(name).AddResilienceHandler("provider", (pipeline, context) =>
    {
        pipeline.TimeProvider = TimeProvider.System;
        pipeline.AddTimeout(TimeSpan.FromSeconds(60));
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = context.ServiceProvider.GetRequiredService<IOptions<DeliveryOptions>>().Value.HttpRetryDelay,
        };
        if (!repeatable)
        {
            retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.TooManyRequests);
        }

        pipeline.AddRetry(retry);
        pipeline.AddTimeout(TimeSpan.FromSeconds(15));
    });
}
services.AddTelemetry(configuration);
services.AddSingleton<JourneyEngine>();
services.AddSingleton<IJourneyWaker>(sp => sp.GetRequiredService<JourneyEngine>());
services.AddSingleton<JourneyWork>();
services.AddSingleton<TimerSweeper>();
services.AddSingleton<BuddyPool>();
services.AddSingleton<HubSignature>();
services.AddSingleton<HubGate>();
services.AddSingleton<FosteringWorkflows.Audit.AccessAudit>();
services.AddHostedService<AuditRetentionService>();
services.AddSingleton<RecordKeeper>();
services.AddSingleton<IRecordKeeper>(sp => sp.GetRequiredService<RecordKeeper>());
services.AddSingleton<FigureStore>();
services.AddSingleton<IFigureKeeper>(sp => sp.GetRequiredService<FigureStore>());

services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
{
    // The framework's own 415 (an endpoint that takes JSON, sent something else) says what it takes, as ours does.
    if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
    {
        context.ProblemDetails.Detail ??= "Send a JSON body with Content-Type: application/json.";
        context.ProblemDetails.Extensions.TryAdd("expected", "application/json");
    }
});
services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
    .AddStaffSignIn(configuration);
services.AddAntiforgery(o => o.Cookie.Name = "fw-antiforgery");
services.AddSingleton<ReportService>();
services.AddAuthorizationBuilder().AddStaffPolicies();
services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage").AddCheck<MessagingHealthCheck>("messaging");
services.AddApiDocument();

var app = builder.Build();
if (args is [SweepOnce.Command, ..])
{
    // The scheduled job's mode: hand due timers to the queue once and exit, before the next minute's run starts.
    int exit;
    using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(45)))
    {
        exit = await SweepOnce.RunAsync(app.Services, limit.Token);
    }

    // Disposing the host flushes the console logger, which writes from a queue of its own: without it a busy machine
    // could exit before the one line saying why the job failed was written.
    await app.DisposeAsync();
    return exit;
}

app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // The server's own refusals (a body over the limit, a malformed request) keep their status.
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.Use(async (context, next) =>
{
    // Every answer: no type sniffing, no referrer (page addresses hold journey ids). The pages for people also: no script,
    // nothing from elsewhere, never framed.
    var headers = context.Response.Headers;
    headers.XContentTypeOptions = "nosniff";
    headers["Referrer-Policy"] = "no-referrer";
    var path = context.Request.Path;
    if (!path.StartsWithSegments("/api", StringComparison.Ordinal) && !path.StartsWithSegments("/scalar", StringComparison.Ordinal)
        && !path.StartsWithSegments("/openapi", StringComparison.Ordinal))
    {
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        headers.XFrameOptions = "DENY";
    }

    await next(context);
});
// govuk-frontend's CSS, fonts and images for the pages, copied beside the app at build time.
var assets = Path.Combine(AppContext.BaseDirectory, "wwwroot");
if (Directory.Exists(assets))
{
    app.UseStaticFiles(new StaticFileOptions
    {
        FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(assets),
        OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=86400",
    });
}

app.UseAccessAudit();
app.Use(async (context, next) =>
{
    if (context.Request.ContentLength > Problems.MaxBodyBytes)
    {
        await Problems.TooLarge().ExecuteAsync(context);
        return;
    }

    await next(context);
});
app.UseAuthentication();
app.UseAuthorization();

// Everything that touches storage waits for the tables and queues to exist.
app.Use(async (context, next) =>
{
    if (!context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
    {
        await context.RequestServices.GetRequiredService<ServiceReadiness>().EnsureReadyAsync();
    }

    await next(context);
});

// Readiness (/health: storage reachable, providers configured) and liveness (/health/live: the process answers, no
// dependency checked, so a storage outage never gets a healthy replica restarted).
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync })
    .WithMetadata(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["GET", "HEAD"]));
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync })
    .WithMetadata(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["GET", "HEAD"]));
app.MapOpenApi();
app.MapScalarApiReference(o => o.WithTitle("FosteringWorkflows API").AddPreferredSecuritySchemes(ApiDocument.ApiKeyScheme));
app.MapIntake();
app.MapJourneys();
app.MapHub();
app.MapReceipts();
app.MapAudit();
app.MapRecords();
app.MapReports();
app.MapReportPages();
if (app.Services.GetRequiredService<IOptions<FosteringWorkflows.Hosting.ClockOptions>>().Value.Mode == ClockMode.Simulated)
{
    app.MapSimulation();
}

if (PortCheck.FirstInUse(app) is { } taken)
{
    await Console.Error.WriteLineAsync(PortCheck.Message(taken));
    return 1;
}

try
{
    await app.RunAsync();
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // One line instead of a stack trace: the usual cause is a second copy of the service, or another program.
    await Console.Error.WriteLineAsync(PortCheck.Message(string.Join(", ", app.Urls)));
    return 1;
}

return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

/// <summary>Says which provider sends each council's texts and emails (and whether Teams alerts are on).</summary>
internal sealed class MessagingHealthCheck(CouncilDirectory councils) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy("Providers by council.", councils.Ids.ToDictionary(
            id => id,
            id => (object)new { sms = councils.Get(id).Messaging.Sms.ToString(), email = councils.Get(id).Messaging.Email.ToString(), teams = councils.Get(id).Messaging.TeamsWebhookUrl is not null })));
}

internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        // Which provider each council uses is for staff: an anonymous caller (a load balancer's probe) sees only states.
        var staff = context.User.Identity?.IsAuthenticated == true;
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = staff ? e.Value.Description : null,
                data = staff ? e.Value.Data : null,
            }),
        });
    }
}

internal sealed class StorageHealthCheck(ServiceReadiness readiness, TimerIndex timers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await readiness.EnsureReadyAsync().WaitAsync(cancellationToken);
            await timers.EarliestAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.");
        }
    }
}
