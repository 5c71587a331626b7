using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

/// <summary>
/// Enquiries, then each journey's steps in order (journeys in parallel), then reads with history; in rounds, each with new
/// journeys, reporting the median round of each (one round of half a minute moved 10–20% from run to run on this machine).
/// </summary>
internal static class ThroughputPhase
{
    public sealed record Figures(Measured Enquiries, Measured Events, Measured Reads);

    /// <summary>A journey's steps from first contact to Stage 1 complete, each with its data: the workload both systems run.</summary>
    public static (string Type, object? Data)[] Steps(DateTimeOffset now) =>
    [
        ("ContactMade", null), ("ScreeningCompleted", new { nextStep = "InitialVisit" }),
        ("InitialVisitBooked", new { visitAt = now.AddDays(10) }), ("InitialVisitCompleted", null),
        ("ProgressDecided", new { decision = "Progress" }), ("ApplicationReceived", null),
        ("CheckCompleted", new { check = "DBS" }), ("CheckCompleted", new { check = "Medical" }),
        ("CheckCompleted", new { check = "References" }), ("CheckCompleted", new { check = "LocalAuthority" }),
        ("PanelDateSet", new { panelDate = now.AddDays(120) }), ("Stage1Completed", new { outcome = "Proceed" }),
    ];

    public static async Task<Figures> RunAsync(Bench bench, HttpClient client, string label, int journeys, int concurrency, int rounds)
    {
        var all = new List<Figures>();
        for (var round = 0; round < rounds; round++)
        {
            all.Add(await RoundAsync(bench, client, journeys, concurrency));
        }

        var median = new Figures(Median(all, f => f.Enquiries), Median(all, f => f.Events), Median(all, f => f.Reads));
        bench.Report($"enquiries {label}", median.Enquiries);
        bench.Report($"journey events {label}", median.Events);
        bench.Report($"journey reads {label}", median.Reads);
        if (rounds > 1)
        {
            static string Each(IEnumerable<Measured> m) => string.Join(" / ", m.Select(x => x.PerSecond.ToString("F1", CultureInfo.InvariantCulture)));
            bench.Line($"{$"  {rounds} rounds, the median above",-34} enquiries {Each(all.Select(f => f.Enquiries))}   events {Each(all.Select(f => f.Events))}   reads {Each(all.Select(f => f.Reads))} /s");
        }

        return median;
    }

    private static Measured Median(List<Figures> all, Func<Figures, Measured> pick) => all.Select(pick).OrderBy(m => m.PerSecond).ElementAt(all.Count / 2);

    private static async Task<Figures> RoundAsync(Bench bench, HttpClient client, int journeys, int concurrency)
    {
        var ids = new string[journeys];
        var enquiries = await bench.MeasureAsync(journeys, concurrency, async i => ids[i] = await Bench.StartAsync(client));

        var steps = Steps(TimeProvider.System.GetUtcNow());
        var latencies = new List<double>();
        var perJourney = await bench.MeasureAsync(journeys, concurrency, async i =>
        {
            foreach (var (type, data) in steps)
            {
                var started = Stopwatch.GetTimestamp();
                (await client.PostAsJsonAsync($"/api/journeys/{ids[i]}/events", new { type, data })).EnsureSuccessStatusCode();
                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        });

        var reads = await bench.MeasureAsync(journeys, concurrency, async i =>
            (await client.GetAsync($"/api/journeys/{ids[i]}")).EnsureSuccessStatusCode());
        return new Figures(enquiries, perJourney with { Count = journeys * steps.Length, Latencies = latencies }, reads);
    }
}
