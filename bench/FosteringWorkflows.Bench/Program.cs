// The benchmark: journey events per second per instance, storage calls per event, idle storage calls, memory.
// Figures are printed, never asserted. Usage:
//   dotnet run -c Release --project bench/FosteringWorkflows.Bench -- [--journeys 300] [--concurrency 32] [--idle-seconds 60]
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.Hosting;
using Microsoft.Extensions.DependencyInjection;
using FosteringWorkflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

internal static class Benchmark
{
    private static readonly string[] StorageEndpoints = ["TableEndpoint", "QueueEndpoint"];

    public static async Task<int> Main(string[] args)
    {
        var journeys = Option("--journeys", 300);
        TimeSpan cpuBefore = default, cpuUsed = default;
        var concurrency = Option("--concurrency", 32);
        var idleSeconds = Option("--idle-seconds", 60);
        var messageJourneys = Option("--messages", 1000);
        var crashMessages = Option("--crash-messages", 10000);
        var population = Option("--population", 0);

        using var azurite = await AzuriteProcess.StartAsync();
        var storagePorts = StorageEndpoints
            .Select(k => new Uri(azurite.ConnectionString.Split(';').First(p => p.StartsWith(k, StringComparison.Ordinal)).Split('=')[1]).Port)
            .ToHashSet();
        using var storageCalls = new StorageCallCounter(storagePorts);

        var settings = HostSettings.ReadValues(Path.Combine(AzuriteProcess.RepoRoot, "local.settings.sample.json"));
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["Storage:Prefix"] = "bench";
        settings["logging:logLevel:default"] = "Warning";
        settings["logging:logLevel:FosteringWorkflows"] = "Warning";
        // WebApplicationFactory finds a test project's content root by itself; the benchmark names it.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FOSTERINGWORKFLOWS_FUNCTIONS", Path.Combine(AzuriteProcess.RepoRoot, "functions"));
        using var factory = InProcess(settings);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-officer-key");
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();

        Console.WriteLine($"FosteringWorkflows benchmark: {journeys} journeys, {concurrency} in flight, {Environment.ProcessorCount} cores, one Azurite, in-process host");
        Console.WriteLine();

        // Warm up JIT and connections, outside the figures.
        await RunAsync(Math.Min(concurrency, 20), concurrency, async _ => await StartAsync(client));

        // Phase 1: enquiries (new journeys).
        var ids = new string[journeys];
        var (created, createCalls, createLatency) = await MeasureAsync(journeys, concurrency, async i =>
        {
            ids[i] = await StartAsync(client);
        });
        Report("enquiries (new journeys)", journeys, created, createCalls, createLatency);

        // Phase 2: a journey's events, each journey's in order, journeys in parallel.
        (string Type, object? Data)[] steps =
        [
            ("ContactMade", null), ("ScreeningCompleted", new { nextStep = "InitialVisit" }),
            ("InitialVisitBooked", new { visitAt = TimeProvider.System.GetUtcNow().AddDays(10) }), ("InitialVisitCompleted", null),
            ("ProgressDecided", new { decision = "Progress" }), ("ApplicationReceived", null),
            ("CheckCompleted", new { check = "DBS" }), ("CheckCompleted", new { check = "Medical" }),
            ("CheckCompleted", new { check = "References" }), ("CheckCompleted", new { check = "LocalAuthority" }),
            ("PanelDateSet", new { panelDate = TimeProvider.System.GetUtcNow().AddDays(120) }), ("Stage1Completed", new { outcome = "Proceed" }),
        ];
        var eventCount = journeys * steps.Length;
        var latencies = new List<double>();
        var (eventsElapsed, eventCalls, _) = await MeasureAsync(journeys, concurrency, async i =>
        {
            foreach (var (type, data) in steps)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await client.PostAsJsonAsync($"/api/journeys/{ids[i]}/events", new { type, data });
                response.EnsureSuccessStatusCode();
                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        });
        Report("journey events", eventCount, eventsElapsed, eventCalls, latencies);

        // Phase 3: reads.
        var (readElapsed, readCalls, readLatency) = await MeasureAsync(journeys, concurrency, async i =>
        {
            (await client.GetAsync($"/api/journeys/{ids[i]}")).EnsureSuccessStatusCode();
        });
        Report("journey reads (with history)", journeys, readElapsed, readCalls, readLatency);

        // Phase 4: idle. Background sweep and queue polling only.
        var before = storageCalls.Count;
        await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
        var idleCalls = storageCalls.Count - before;
        Console.WriteLine($"{"idle",-30} {idleCalls} storage calls in {idleSeconds} s = {idleCalls * 60.0 / idleSeconds:F1} per minute");

        if (population > 0)
        {
            // Many active journeys with open clocks: does anything grow with them but storage?
            var populated = Stopwatch.GetTimestamp();
            await RunAsync(population, concurrency * 2, async _ => await StartAsync(client));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"population",-30} {population} more journeys with open clocks created in {Stopwatch.GetElapsedTime(populated).TotalSeconds:F0} s"));
            var timers = factory.Services.GetRequiredService<FosteringWorkflows.Deadlines.TimerIndex>();
            var clock = factory.Services.GetRequiredService<TimeProvider>();
            var earliest = new List<double>();
            var dueNow = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var one = Stopwatch.GetTimestamp();
                await timers.EarliestAsync(CancellationToken.None);
                earliest.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
                one = Stopwatch.GetTimestamp();
                await timers.DueAsync(clock.GetUtcNow(), 200, CancellationToken.None);
                dueNow.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
            }

            var idleBefore = storageCalls.Count;
            await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"with the population",-30} earliest timer {earliest.Order().ElementAt(10):F1} ms, due-now sweep query {dueNow.Order().ElementAt(10):F1} ms (medians), idle {(storageCalls.Count - idleBefore) * 60.0 / idleSeconds:F1} storage calls a minute"));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"{"memory",-30} managed heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB, working set {self.WorkingSet64 / 1048576.0:F1} MiB, {journeys} journeys with open clocks in storage");
        Console.WriteLine();
        Console.WriteLine("App CPU includes the benchmark's own client; Azurite runs in its own process and shares the same cores.");
        Console.WriteLine();

        // Messages through GOV.UK Notify's API (a local listener answering every call after 100 ms).
        await using var provider = await FakeProviders.StartAsync();
        provider.ResponseDelay = TimeSpan.FromMilliseconds(100);
        var notifySettings = provider.SettingsFor("hertfordshire", "Notify", "Notify");
        foreach (var (key, value) in settings)
        {
            notifySettings.TryAdd(key, value);
        }

        notifySettings["Storage:Prefix"] = "benchmsg";
        using var messaging = InProcess(notifySettings);
        using var messagingClient = messaging.CreateClient();
        messagingClient.DefaultRequestHeaders.Add("X-Api-Key", "dev-officer-key");
        var sendConcurrency = concurrency * 2;
        var messagesStarted = Stopwatch.GetTimestamp();
        await RunAsync(messageJourneys, sendConcurrency, async _ => await StartAsync(messagingClient));
        var messagesElapsed = Stopwatch.GetElapsedTime(messagesStarted);
        var texts = provider.Calls.Count(c => c.Path == "/v2/notifications/sms");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"messages via Notify (100 ms)",-30} {texts / messagesElapsed.TotalSeconds,8:F1} /s   {texts} texts from {messageJourneys} enquiries, {sendConcurrency} in flight, in {messagesElapsed.TotalSeconds:F1} s"));

        // Crash and restart: the real service process is killed (SIGKILL) again and again while enquiries arrive.
        if (crashMessages > 0)
        {
            await CrashRunAsync(azurite.ConnectionString, crashMessages, concurrency);
        }
        Console.WriteLine($"benchmark: {journeys + eventCount + journeys} requests completed");
        return 0;

        async Task<(TimeSpan Elapsed, long Calls, List<double> Latencies)> MeasureAsync(int count, int parallel, Func<int, Task> work)
        {
            var measured = new List<double>();
            var callsBefore = storageCalls.Count;
            cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await RunAsync(count, parallel, async i =>
            {
                var one = Stopwatch.GetTimestamp();
                await work(i);
                lock (measured)
                {
                    measured.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
                }
            });
            cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            return (Stopwatch.GetElapsedTime(started), storageCalls.Count - callsBefore, measured);
        }

        static WebApplicationFactory<Program> InProcess(IDictionary<string, string?> settings) =>
            new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Benchmark");
                b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(settings));
                b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            });

        static async Task CrashRunAsync(string storage, int total, int parallel)
        {
            await using var fake = await FakeProviders.StartAsync();
            var prefix = "crash" + Guid.NewGuid().ToString("N")[..8];
            var settings = fake.SettingsFor("hertfordshire", "Notify", "Notify");
            var attempted = 0;
            var kills = 0;
            var started = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref attempted) < total)
            {
                using var service = await ServiceProcess.StartAsync(storage, prefix, settings);
#pragma warning disable CA5394 // When to kill, not security.
                var killAt = Math.Min(total, Volatile.Read(ref attempted) + Random.Shared.Next(total / 8, total / 4));
#pragma warning restore CA5394
                var killed = 0;

                // The kill comes from inside the stream, so the other requests are mid-flight when the process dies.
                await RunAsync(total - Volatile.Read(ref attempted), parallel, async _ =>
                {
                    if (Volatile.Read(ref killed) == 1)
                    {
                        return;
                    }

                    var n = Interlocked.Increment(ref attempted);
                    if (n == killAt && n < total && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        service.Kill();
                        kills++;
                        return;
                    }

                    try
                    {
                        await StartAsync(service.Client);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // Killed under this request.
                    }
                });
            }

            using (var last = await ServiceProcess.StartAsync(storage, prefix, settings))
            {
                // Past the dispatch timers (3 minutes), any claim a killed process held (2 minutes) and retries.
                (await last.Client.PostAsJsonAsync("/api/dev/clock/advance", new { by = "PT30M" })).EnsureSuccessStatusCode();
            }

            var journeys = new Azure.Data.Tables.TableClient(storage, $"{prefix}Journeys");
            var stored = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var row in journeys.QueryAsync<Azure.Data.Tables.TableEntity>("RowKey eq 'state'", select: ["PartitionKey"]))
            {
                stored.Add(row.PartitionKey);
            }

            var received = fake.Calls.Where(c => c.Path == "/v2/notifications/sms").Select(c => c.Reference!).ToList();
            var unique = received.ToHashSet(StringComparer.Ordinal);
            var missing = stored.Count(id => !unique.Contains($"{id}:acknowledgement"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"crash-and-restart",-30} {stored.Count} journeys stored from {attempted} enquiries, {kills} kills: {received.Count} texts received, {received.Count - unique.Count} duplicates, {missing} missing ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)"));
        }

        static async Task RunAsync(int count, int parallel, Func<int, Task> work)
        {
            if (count == 0)
            {
                return;
            }

            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) => await work(i));
        }

        static async Task<string> StartAsync(HttpClient client)
        {
            var response = await client.PostAsJsonAsync("/api/enquiries", new
            {
                localAuthority = "hertfordshire",
                channel = "web",
                applicant = new { firstName = "Bench", lastName = "Mark", email = "bench@example.org", phone = "07911 123456", preferredChannel = "sms" },
                consent = new { sms = true, email = true },
            });
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("journeyId").GetString()!;
        }

        void Report(string name, int operations, TimeSpan elapsed, long calls, List<double> latencies)
        {
            latencies.Sort();
            double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-30} {operations / elapsed.TotalSeconds,8:F1} /s   {(double)calls / operations,5:F2} storage calls each   p50 {P(0.5),6:F1} ms   p95 {P(0.95),6:F1} ms   app CPU {cpuUsed.TotalMilliseconds / operations,5:F2} ms each ({operations} in {elapsed.TotalSeconds:F1} s)"));
        }

        int Option(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

    }
}

/// <summary>Counts HTTP requests to the storage emulator's ports, from .NET's own HttpClient metrics.</summary>
internal sealed class StorageCallCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public StorageCallCounter(IReadOnlySet<int> ports)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && tag.Value is int port && ports.Contains(port))
                {
                    Interlocked.Increment(ref _count);
                }
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
