// The benchmark. Figures are printed (and written to bench/results/), never asserted. Usage:
//   dotnet run -c Release --project bench/FosteringWorkflows.Bench -- [--journeys 300] [--concurrency 32] [--idle-seconds 60]
//     [--rounds 3] [--population 100000] [--lateness 1000] [--messages 1000] [--crash-messages 10000] [--durable-task 1]
//     [--cold-starts 5] [--cold-start-only] [--hub-councils 20] [--hub-only] [--peak-sessions 200] [--peak-only]
// The reports (SLA, funnel, the dashboard page signed in) and the staff pages (the work list, a journey's page) are timed
// on empty storage and again with the population.
using System.Diagnostics;
using System.Globalization;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.IntegrationTests.Infrastructure;

internal static class Benchmark
{
    // The councils the population is seeded across; the lateness council keeps its short clock to itself.
    private static readonly string[] SeededCouncils = ["hertfordshire", "hampshire", "portsmouth", "southampton", "isle-of-wight"];

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine("""
                bash scripts/bench.sh [flags]: figures printed beside a baseline measured in the same run, written to bench/results/.
                --quick: a short run (about 5 minutes) of every phase but the cold start, the population and Durable Task (any flag given still wins).
                Phases, in order, and their flags:
                  cold start        --cold-starts 5 (0 skips)  --cold-start-only  --service-dll <published dll>
                  throughput        --journeys 300  --concurrency 32  --rounds 3
                  idle cost         --idle-seconds 60
                  hub's reports     --hub-councils 20 (0 skips; 36 months, before and after the months close)  --hub-only
                  Monday peak       --peak-sessions 200 (0 skips; with 500 hub deliveries and 300 timers over 60 s)  --peak-only
                  reports, pages    (empty storage, and again with the population)
                  population        --population 0 (e.g. 100000)
                  timer lateness    --lateness 1000 (0 skips)
                  Durable Task      --durable-task 1 (0 skips)
                  messages          --messages 1000 (0 skips)
                  crash             --crash-messages 10000 (0 skips)
                """);
            return 0;
        }

        // --quick: every phase but the cold start, the population and Durable Task, small, for someone checking a change (any flag still wins).
        var quick = args.Contains("--quick");
        var journeys = Option(args, "--journeys", quick ? 100 : 300);
        var concurrency = Option(args, "--concurrency", 32);
        var idleSeconds = Option(args, "--idle-seconds", quick ? 15 : 60);
        var rounds = Option(args, "--rounds", quick ? 1 : 3);
        var population = Option(args, "--population", 0);
        var lateness = Option(args, "--lateness", quick ? 200 : 1000);
        var messageJourneys = Option(args, "--messages", quick ? 200 : 1000);
        var crashMessages = Option(args, "--crash-messages", quick ? 1000 : 10000);
        var durableTask = Option(args, "--durable-task", quick ? 0 : 1) == 1;
        var coldStarts = Option(args, "--cold-starts", quick || args.Contains("--hub-only") || args.Contains("--peak-only") ? 0 : 5); // its two publishes alone take a minute or two
        var coldStartOnly = args.Contains("--cold-start-only");
        var hubCouncils = Option(args, "--hub-councils", 20);
        var peakSessions = Option(args, "--peak-sessions", quick ? 50 : 200);
        var serviceDll = Array.IndexOf(args, "--service-dll") is var at and >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : null;

        var results = Path.Combine(AzuriteProcess.RepoRoot, "bench", "results");
        Directory.CreateDirectory(results);
        var commit = Git("rev-parse --short HEAD");
        var started = TimeProvider.System.GetUtcNow();
        var file = Path.Combine(results, $"{started:yyyy-MM-dd-HHmm}-{commit}.txt");
        await using var fileWriter = new StreamWriter(file);
        using var tee = new Tee(Console.Out, fileWriter);

        using var azurite = await AzuriteProcess.StartAsync(heapProbe: true);
        using var storageCalls = new StorageCallCounter(azurite.Ports);
        var bench = new Bench(storageCalls, tee);

        // The managers' dashboard is read through a session signed in at the loopback OpenID Connect provider.
        await using var oidc = await OidcProvider.StartAsync();
        var settings = HostSettings.ReadValues(Path.Combine(AzuriteProcess.RepoRoot, "local.settings.sample.json"));
        foreach (var (key, value) in oidc.Settings)
        {
            settings[key] = value;
        }

        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["Storage:Prefix"] = "bench";
        settings["logging:logLevel:default"] = "Warning";
        settings["logging:logLevel:FosteringWorkflows"] = "Warning";
        LatenessPhase.Configure(settings);
        // Texts are held back in quiet hours (21:00-08:00 by default): no figure may depend on when the bench runs.
        settings["Councils:hertfordshire:Messaging:QuietHoursStart"] = "00:00";
        settings["Councils:hertfordshire:Messaging:QuietHoursEnd"] = "00:00";
        // WebApplicationFactory finds a test project's content root by itself; the benchmark names it.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FOSTERINGWORKFLOWS_FUNCTIONS", Path.Combine(AzuriteProcess.RepoRoot, "functions"));
        var factory = Bench.InProcess(settings);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-officer-key");
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();

        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"FosteringWorkflows benchmark, {started:yyyy-MM-dd HH:mm} UTC, commit {commit}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}"));
        bench.Line($"{journeys} journeys a throughput round, {rounds} rounds, {concurrency} in flight, one in-memory Azurite, the service in-process; population {population}");
        bench.Line();

        if (coldStarts > 0)
        {
            await ColdStartPhase.RunAsync(bench, azurite, settings, coldStarts, serviceDll);
            if (coldStartOnly)
            {
                bench.Line($"results written to bench/results/{Path.GetFileName(file)}");
                return 0;
            }
        }

        if (args.Contains("--peak-only"))
        {
            await RunPeakAsync(bench, azurite, settings, peakSessions, quick);
            bench.Line($"results written to bench/results/{Path.GetFileName(file)}");
            return 0;
        }

        if (args.Contains("--hub-only"))
        {
            await HubReportsPhase.RunAsync(bench, settings, hubCouncils, quick ? 10 : 25, quick ? 10 : 20);
            bench.Line($"results written to bench/results/{Path.GetFileName(file)}");
            return 0;
        }

        // Warm up JIT and connections, outside the figures.
        await Bench.RunAsync(Math.Min(concurrency, 20), concurrency, async _ => await Bench.StartAsync(client));

        var empty = await ThroughputPhase.RunAsync(bench, client, "(empty storage)", journeys, concurrency, rounds);
        var sweepEmpty = await PopulationPhase.SweepQueryAsync(bench, azurite, factory.Services, "(empty storage)");
        var idleEmpty = await IdlePhase.RunAsync(bench, azurite, "(empty storage)", idleSeconds);
        var reportsEmpty = await ReportsPhase.RunAsync(bench, factory, "(empty storage)");
        var pagesEmpty = await ReportsPhase.PagesAsync(bench, factory, "(empty storage)");

        ReplayPhase.Recording? recording = null;
        var replayEmpty = 0.0;
        var eventsFull = 0.0;
        if (population > 0)
        {
            bench.Line();
            // Azurite's own ratio: the events' table requests replayed on empty storage (before the population), and, once the
            // service has stopped, into the populated tables and into new tables beside them (its heap, not its tables).
            recording = await ReplayPhase.RecordAsync(bench, azurite, settings, journeys, concurrency);
            (replayEmpty, _) = await ReplayPhase.ReplayAsync(bench, azurite, recording, "benchrepe", "(empty storage)", concurrency);
            // What a journey costs in storage, from a sample seeded first (reading every row back is cheap while the tables are small).
            var sample = Math.Min(population, 2000);
            var heapBefore = await azurite.LiveHeapAsync();
            var sizeBefore = await StorageSize.TakeAsync(factory.Services);
            await PopulationPhase.SeedAsync(bench, factory.Services, SeededCouncils, 0, sample, concurrency * 2);
            StorageSize.PrintPerJourney(bench, sizeBefore, await StorageSize.TakeAsync(factory.Services), sample);
            if (population > sample)
            {
                await PopulationPhase.SeedAsync(bench, factory.Services, SeededCouncils, sample, population - sample, concurrency * 2);
            }

            // Azurite's whole-heap collections take longer the more is live in its heap (docs/architecture.md, "The 100,000-journey figure").
            var heapAfter = await azurite.LiveHeapAsync();
            bench.Line(string.Create(CultureInfo.InvariantCulture,
                $"{"Azurite's live heap",-34} {heapBefore / 1048576.0:F0} MiB before seeding, {heapAfter / 1048576.0:F0} MiB after: {(heapAfter - heapBefore) / 1024.0 / population:F1} KiB a seeded journey"));
            var full = await ThroughputPhase.RunAsync(bench, client, $"(with {population})", journeys, concurrency, rounds);
            eventsFull = full.Events.PerSecond;
            var sweepFull = await PopulationPhase.SweepQueryAsync(bench, azurite, factory.Services, $"(with {population})");
            await IdlePhase.RunAsync(bench, azurite, $"(with {population})", idleSeconds);
            var reportsFull = await ReportsPhase.RunAsync(bench, factory, $"(with {population})");
            var pagesFull = await ReportsPhase.PagesAsync(bench, factory, $"(with {population})");
            bench.Line(string.Create(CultureInfo.InvariantCulture,
                $"{"staff pages populated / empty",-34} work list {pagesFull.Work / pagesEmpty.Work:F2}×   journey page {pagesFull.Journey / Math.Max(pagesEmpty.Journey, 0.001):F2}× the p50"));
            bench.Line(string.Create(CultureInfo.InvariantCulture,
                $"{"reports populated / empty",-34} SLA {reportsFull.Sla / reportsEmpty.Sla:F2}×   funnel {reportsFull.Funnel / reportsEmpty.Funnel:F2}×   dashboard {reportsFull.Dashboard / reportsEmpty.Dashboard:F2}× the time"));
            bench.Line(string.Create(CultureInfo.InvariantCulture,
                $"{"ratio populated / empty",-34} enquiries {full.Enquiries.PerSecond / empty.Enquiries.PerSecond:F2}×   events {full.Events.PerSecond / empty.Events.PerSecond:F2}×   reads {full.Reads.PerSecond / empty.Reads.PerSecond:F2}×   sweep query {sweepFull / sweepEmpty:F1}× the time"));
        }

        var late = lateness > 0 ? await LatenessPhase.RunAsync(bench, azurite, factory.Services, client, lateness, TimeSpan.FromMinutes(1)) : Lateness.None;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        using (var self = Process.GetCurrentProcess())
        {
            bench.Line(string.Create(CultureInfo.InvariantCulture,
                $"{"memory (service and bench client)",-34} working set {self.WorkingSet64 / 1048576.0:F0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MiB, {population} seeded journeys open"));
        }

        var (azuriteNow, azuritePeak) = azurite.Resident;
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"memory (Azurite)",-34} resident {azuriteNow / 1048576.0:F0} MiB, peak {azuritePeak / 1048576.0:F0} MiB, its heap limit {AzuriteProcess.HeapLimitMiB} MiB, semi-spaces {AzuriteProcess.SemiSpaceMiB} MiB"));

        bench.Line("App CPU includes the benchmark's own client; Azurite runs in its own process and shares the same cores.");

        // The engine's service stops before the baseline starts, so the two never share the cores.
        client.Dispose();
        await factory.DisposeAsync();
        if (recording is not null)
        {
            // After the service, so that its loops neither share Azurite with the replay nor meet the rows a replay leaves
            // behind (a delete that overtakes its insert, 32 at once, is refused, and the row stays).
            await ReplayPhase.ReplayAsync(bench, azurite, recording, "benchrepn", $"(new tables beside {population})", concurrency);
            var (replayFull, _) = await ReplayPhase.ReplayAsync(bench, azurite, recording, "bench", $"(tables with {population})", concurrency);
            var engineRatio = eventsFull / empty.Events.PerSecond;
            var azuriteRatio = replayFull / replayEmpty;
            bench.Line(string.Create(CultureInfo.InvariantCulture,
                $"{"events with / without the population",-34} engine {engineRatio:F2}×   Azurite alone (the same requests replayed) {azuriteRatio:F2}×   engine / Azurite {engineRatio / azuriteRatio:F2} (target 0.9 or more)"));
        }

        if (hubCouncils > 0)
        {
            bench.Line();
            await HubReportsPhase.RunAsync(bench, settings, hubCouncils, quick ? 10 : 25, quick ? 10 : 20);
        }

        if (peakSessions > 0)
        {
            await RunPeakAsync(bench, azurite, settings, peakSessions, quick);
            bench.Line();
        }

        if (durableTask)
        {
            var baseline = await DurableTaskPhase.RunAsync(tee, journeys, concurrency, idleSeconds, lateness);
            DurableTaskPhase.Compare(bench, empty, idleEmpty, late, baseline);
        }

        bench.Line();

        if (messageJourneys > 0)
        {
            await MessagesPhase.RunAsync(bench, settings, messageJourneys, concurrency * 2);
        }

        if (crashMessages > 0)
        {
            await CrashPhase.RunAsync(bench, azurite.ConnectionString, crashMessages, concurrency);
        }

        bench.Line($"results written to bench/results/{Path.GetFileName(file)}");
        return 0;
    }

    /// <summary>The Monday-morning peak: in a short run a quarter of the load over 20 seconds.</summary>
    private static Task RunPeakAsync(Bench bench, AzuriteProcess azurite, IDictionary<string, string?> settings, int sessions, bool quick) =>
        PeakPhase.RunAsync(bench, azurite, settings, sessions, quick ? 120 : 500, quick ? 60 : 300, TimeSpan.FromSeconds(quick ? 20 : 60));

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Git(string arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, WorkingDirectory = AzuriteProcess.RepoRoot })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output.Length == 0 ? "unknown" : output;
    }
}
