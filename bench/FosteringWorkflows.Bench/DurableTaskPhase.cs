using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using DurableTask.AzureStorage;
using DurableTask.Core;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

/// <summary>
/// The baseline: the same journeys, steps and clocks on the Durable Task Framework's Azure Storage provider (the engine
/// under Durable Functions), with its default settings, on its own Azurite of the same version and flags, so neither
/// system's background calls land in the other's count. Enquiries, events and idle calls as in <see cref="ThroughputPhase"/>
/// and <see cref="IdlePhase"/>; timer lateness as in <see cref="LatenessPhase"/>.
/// </summary>
internal static class DurableTaskPhase
{
    public sealed record Figures(Measured Enquiries, Measured Events, double IdlePerMinute, Lateness Lateness);

    public static async Task<Figures> RunAsync(TextWriter output, int journeys, int concurrency, int idleSeconds, int lateness)
    {
        using var azurite = await AzuriteProcess.StartAsync();
        using var calls = new StorageCallCounter(azurite.Ports);
        var bench = new Bench(calls, output);
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Error));
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            TaskHubName = "benchdt",
            LoggerFactory = logging,
        });
        await service.CreateIfNotExistsAsync();
        var outbox = new TableClient(azurite.ConnectionString, "DtOutbox");
        await outbox.CreateIfNotExistsAsync();

        var probe = new DurableTaskProbe(TimeProvider.System);
        var worker = new TaskHubWorker(service, logging);
        worker.AddTaskOrchestrations(new ObjectCreatorOf<TaskOrchestration>(JourneyOrchestration.Name, () => new JourneyOrchestration(probe)));
        worker.AddTaskActivities(new ObjectCreatorOf<TaskActivity>(SendMessageActivity.Name, () => new SendMessageActivity(outbox)));
        await worker.StartAsync();
        var client = new TaskHubClient(service, loggerFactory: logging);
        try
        {
            bench.Line();
            bench.Line("Durable Task Framework 3.11.2 on Azure Storage 2.11.2 (default settings, 4 partitions), its own Azurite, same workload");

            // Warm up, as for the engine: JIT, connections, and the partition leases taken.
            await Bench.RunAsync(Math.Min(concurrency, 20), concurrency, async i => await StartAsync(client, probe, $"warm-{i}", TimeSpan.FromHours(2), true));

            var ids = new string[journeys];
            var enquiries = bench.Report("enquiries (Durable Task)", await bench.MeasureAsync(journeys, concurrency, async i =>
                await StartAsync(client, probe, ids[i] = $"journey-{i}", TimeSpan.FromHours(2), true)));

            var latencies = new List<double>();
            var perJourney = await bench.MeasureAsync(journeys, concurrency, async i =>
            {
                var instance = new OrchestrationInstance { InstanceId = ids[i] };
                foreach (var (type, data) in ThroughputPhase.Steps(TimeProvider.System.GetUtcNow()))
                {
                    var started = Stopwatch.GetTimestamp();
                    var seen = probe.Expect(ids[i]);
                    await client.RaiseEventAsync(instance, type, JsonSerializer.Serialize(data));
                    await seen;
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            });
            var events = bench.Report("journey events (Durable Task)", perJourney with { Count = latencies.Count, Latencies = latencies });

            var idle = await IdlePhase.RunAsync(bench, azurite, "(Durable Task)", idleSeconds);
            var late = lateness > 0 ? await LatenessAsync(bench, client, probe, lateness, TimeSpan.FromMinutes(1)) : Lateness.None;
            return new Figures(enquiries, events, idle, late);
        }
        finally
        {
            await worker.StopAsync(isForced: true);
        }
    }

    /// <summary>Journeys whose enquiry clock is three minutes long, started evenly over a minute; the lateness of each warning and deadline timer.</summary>
    private static async Task<Lateness> LatenessAsync(Bench bench, TaskHubClient client, DurableTaskProbe probe, int count, TimeSpan over)
    {
        var clock = TimeSpan.FromMinutes(3);
        var pace = over / count;
        var first = TimeProvider.System.GetUtcNow();
        var firedBefore = probe.LateMilliseconds.Count;
        await Bench.RunAsync(count, 16, async i =>
        {
            var at = first + (pace * i);
            if (at > TimeProvider.System.GetUtcNow())
            {
                await Task.Delay(at - TimeProvider.System.GetUtcNow());
            }

            await StartAsync(client, probe, $"late-{i}", clock, false);
        });

        // As for the engine, the last deadline and a margin; then, since a backlog may still be draining, up to five
        // minutes more for the rest, so that the maximum is measured rather than cut off.
        await Task.Delay(clock + TimeSpan.FromSeconds(30) - (TimeProvider.System.GetUtcNow() - first - over));
        for (var waited = 0; waited < 300 && probe.Fired() - firedBefore < 2 * count; waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var fired = probe.LateMilliseconds.Skip(firedBefore).ToList();
        var figures = new Lateness(fired, [], (2 * count) - fired.Count);
        figures.Report(bench, "timer lateness (Durable Task)", $"{count} journeys over {over.TotalSeconds:F0} s");
        return figures;
    }

    private static async Task StartAsync(TaskHubClient client, DurableTaskProbe probe, string id, TimeSpan enquiryClock, bool acknowledge)
    {
        var started = probe.Expect(id);
        await client.CreateOrchestrationInstanceAsync(JourneyOrchestration.Name, string.Empty, id, new JourneyInput { EnquiryClock = enquiryClock, Acknowledge = acknowledge });
        await started;
    }

    /// <summary>The two systems side by side, with the ratios, as printed and as docs/architecture.md quotes them.</summary>
    public static void Compare(Bench bench, ThroughputPhase.Figures engine, double engineIdle, Lateness engineLate, Figures baseline)
    {
        string Row(string name, double ours, double theirs, string format, string unit) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {ours.ToString(format, CultureInfo.InvariantCulture)}{unit} | {theirs.ToString(format, CultureInfo.InvariantCulture)}{unit} | {(theirs == 0 ? double.NaN : ours / theirs):G2}× |");
        bench.Line();
        bench.Line("| on empty storage, same run | this engine | Durable Task | engine / Durable Task |");
        bench.Line("| --- | --- | --- | --- |");
        bench.Line(Row("enquiries a second", engine.Enquiries.PerSecond, baseline.Enquiries.PerSecond, "F1", ""));
        bench.Line(Row("journey events a second", engine.Events.PerSecond, baseline.Events.PerSecond, "F1", ""));
        bench.Line(Row("storage calls an event", engine.Events.CallsEach, baseline.Events.CallsEach, "F2", ""));
        bench.Line(Row("event latency p50", engine.Events.P(0.5), baseline.Events.P(0.5), "F0", " ms"));
        bench.Line(Row("event latency p95", engine.Events.P(0.95), baseline.Events.P(0.95), "F0", " ms"));
        bench.Line(Row("storage calls a minute, idle", engineIdle, baseline.IdlePerMinute, "F1", ""));
        bench.Line(Row("timer lateness p50", engineLate.P(0.5) / 1000, baseline.Lateness.P(0.5) / 1000, "F2", " s"));
        bench.Line(Row("timer lateness p99", engineLate.P(0.99) / 1000, baseline.Lateness.P(0.99) / 1000, "F2", " s"));
        bench.Line(Row("timer lateness max", engineLate.Max / 1000, baseline.Lateness.Max / 1000, "F2", " s"));
        bench.Line();
    }
}
