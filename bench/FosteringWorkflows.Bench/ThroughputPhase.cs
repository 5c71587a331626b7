using System.Diagnostics;
using System.Net.Http.Json;

/// <summary>Enquiries, then each journey's steps in order (journeys in parallel), then reads with history.</summary>
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

    public static async Task<Figures> RunAsync(Bench bench, HttpClient client, string label, int journeys, int concurrency)
    {
        var ids = new string[journeys];
        var enquiries = bench.Report($"enquiries {label}", await bench.MeasureAsync(journeys, concurrency, async i => ids[i] = await Bench.StartAsync(client)));

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
        var events = bench.Report($"journey events {label}", perJourney with { Count = journeys * steps.Length, Latencies = latencies });

        var reads = bench.Report($"journey reads {label}", await bench.MeasureAsync(journeys, concurrency, async i =>
            (await client.GetAsync($"/api/journeys/{ids[i]}")).EnsureSuccessStatusCode()));
        return new Figures(enquiries, events, reads);
    }
}
