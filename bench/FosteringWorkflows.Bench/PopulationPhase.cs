using System.Diagnostics;
using System.Globalization;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Journeys;
using Microsoft.Extensions.DependencyInjection;
using FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>
/// Seeds open journeys across the councils through the engine itself (the same start, clocks, timer rows and commit
/// as an enquiry, without HTTP and without messages, so seeding is bounded by storage rather than by the providers).
/// </summary>
internal static class PopulationPhase
{
    /// <summary>Seeds journeys number <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1.</summary>
    public static async Task<TimeSpan> SeedAsync(Bench bench, IServiceProvider services, IReadOnlyList<string> councils, int first, int count, int concurrency)
    {
        var engine = services.GetRequiredService<JourneyEngine>();
        var time = services.GetRequiredService<TimeProvider>();
        var started = Stopwatch.GetTimestamp();
        var done = 0;
        await Bench.RunAsync(count, concurrency, async n =>
        {
            var i = first + n;
            var applicant = new Applicant("Seed", "Journey", $"seed{i}@example.org", "+447911123456", "SG1 2FQ", null, null);
            await engine.StartAsync(new NewJourney(councils[i % councils.Count], "web", time.GetUtcNow(), applicant, new Consent(false, false)), "bench", CancellationToken.None);
            if (Interlocked.Increment(ref done) % 20_000 == 0)
            {
                bench.Line(string.Create(CultureInfo.InvariantCulture, $"{"  seeded",-34} {done} in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"));
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(started);
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"seeding",-34} {count} open journeys (from number {first}) ({string.Join(", ", councils)}) in {elapsed.TotalSeconds:F0} s = {count / elapsed.TotalSeconds:F0} /s"));
        return elapsed;
    }

    /// <summary>
    /// The sweep's query for due timers, timed (median of 20), with the timer index as it stands; its storage calls are its
    /// own, told from the service's loops running beside it by the async flow they were made in.
    /// </summary>
    public static async Task<double> SweepQueryAsync(Bench bench, AzuriteProcess azurite, IServiceProvider services, string label)
    {
        var timers = services.GetRequiredService<TimerIndex>();
        var time = services.GetRequiredService<TimeProvider>();
        var samples = new List<double>();
        var mine = new AsyncLocal<bool>();
        var calls = 0;
        using var watch = new RequestWatch(azurite.Ports, _ =>
        {
            if (mine.Value)
            {
                Interlocked.Increment(ref calls);
            }
        });
        mine.Value = true;
        for (var i = 0; i < 20; i++)
        {
            var one = Stopwatch.GetTimestamp();
            await timers.DueAsync(time.GetUtcNow(), 200, CancellationToken.None);
            samples.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
        }

        mine.Value = false;
        var median = samples.Order().ElementAt(10);
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{$"sweep query {label}",-34} {median:F1} ms (median of 20), {Volatile.Read(ref calls) / 20.0:F1} storage call each; a due timer then costs an enqueue and a delete"));
        return median;
    }
}
