using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Timer lateness in real time: journeys whose warning and breach instants fall due across one minute (a council whose
/// enquiry clock is three minutes long, every hour a working hour), created at an even pace; then, for each instant,
/// the time from due to the journey's change being committed (the history entry's recorded time).
/// </summary>
internal static class LatenessPhase
{
    public const string Council = "leicestershire";

    /// <summary>The bench council's policy: a three-minute enquiry clock on a calendar where every minute counts.</summary>
    public static void Configure(IDictionary<string, string?> settings)
    {
        settings[$"Councils:{Council}:Policy:WorkingDays"] = "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday";
        settings[$"Councils:{Council}:Policy:WorkingDayStart"] = "00:00";
        settings[$"Councils:{Council}:Policy:WorkingDayEnd"] = "23:59:59";
        settings[$"Councils:{Council}:Policy:Clocks:EnquiryResponse:Limit"] = "0.05 WorkingHours";
    }

    public static async Task<Lateness> RunAsync(Bench bench, AzuriteProcess azurite, IServiceProvider services, HttpClient client, int count, TimeSpan over)
    {
        var store = services.GetRequiredService<JourneyStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var ids = new string[count];
        var pace = over / count;
        var first = time.GetUtcNow();
        await Bench.RunAsync(count, 16, async i =>
        {
            var at = first + (pace * i);
            if (at > time.GetUtcNow())
            {
                await Task.Delay(at - time.GetUtcNow());
            }

            ids[i] = await Bench.StartAsync(client, Council, consent: false);
        });

        // Wait for the last breach (three minutes after the last enquiry) and a margin, Azurite probed meanwhile.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(30) - (time.GetUtcNow() - first - over));
        var probes = await ProbeAsync(services.GetRequiredService<StorageAccount>(), azurite, time, stop.Token);
        var figures = await OfAsync(store, ids, DateTimeOffset.MinValue);
        figures.Report(bench, "timer lateness (real time)", string.Create(CultureInfo.InvariantCulture, $"{count} journeys over {over.TotalSeconds:F0} s"));
        var slow = figures.Milliseconds.Zip(figures.Due).Where(l => l.First > 1000).Select(l => (l.Second - first).TotalSeconds).ToList();
        bench.Line(slow.Count == 0
            ? $"{"  late by over 1 s",-34} none"
            : string.Create(CultureInfo.InvariantCulture, $"{"  late by over 1 s",-34} {slow.Count}, due from {slow.Min():F1} s to {slow.Max():F1} s after the first enquiry"));
        var worst = probes.MaxBy(p => p.Ms);
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"  Azurite meanwhile",-34} a point read every 100 ms: p50 {Percentile(probes, 0.5):F0} ms, p99 {Percentile(probes, 0.99):F0} ms, the longest {worst.Ms:F0} ms at {(worst.At - first).TotalSeconds:F1} s, {probes.Count(p => p.Ms > 1000)} over 1 s"));

        // Whose pause it was: Azurite's processor time and this process's garbage-collection pauses across the longest
        // answer, beside the same over the whole wait.
        var at = probes.IndexOf(worst);
        var next = probes[Math.Min(at + 1, probes.Count - 1)];
        var whole = (probes[^1].At - probes[0].At).TotalSeconds;
        var span = (next.At - worst.At).TotalSeconds;
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"  across the longest answer",-34} {span:F2} s: Azurite busy {Share(next.AzuriteCpu - worst.AzuriteCpu, span):F0}% of a core, this process paused for garbage collection {(next.GcPause - worst.GcPause).TotalMilliseconds:F0} ms; over the whole wait Azurite {Share(probes[^1].AzuriteCpu - probes[0].AzuriteCpu, whole):F0}%, collections {(probes[^1].GcPause - probes[0].GcPause).TotalMilliseconds:F0} ms in {whole:F0} s"));
        return figures;
    }

    /// <summary>
    /// A point read of a small table every 100 ms until stopped: when each was sent, how long Azurite took to answer it,
    /// and, as it was sent, Azurite's processor time so far and this process's garbage-collection pauses so far.
    /// </summary>
    private static async Task<List<Probe>> ProbeAsync(StorageAccount storage, AzuriteProcess azurite, TimeProvider time, CancellationToken stop)
    {
        var probes = new List<Probe>();
        while (!stop.IsCancellationRequested)
        {
            var at = time.GetUtcNow();
            var cpu = azurite.ProcessorTime;
            var paused = GC.GetTotalPauseDuration();
            var started = Stopwatch.GetTimestamp();
            await Bench.PointReadAsync(storage);
            probes.Add(new Probe(at, Stopwatch.GetElapsedTime(started).TotalMilliseconds, cpu, paused));
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return probes;
    }

    private readonly record struct Probe(DateTimeOffset At, double Ms, TimeSpan AzuriteCpu, TimeSpan GcPause);

    private static double Share(TimeSpan busy, double seconds) => seconds > 0 ? 100 * busy.TotalSeconds / seconds : 0;

    private static double Percentile(List<Probe> probes, double q)
    {
        var sorted = probes.Select(p => p.Ms).Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
    }

    /// <summary>
    /// Each journey's enquiry clock's warning and breach, from due to the change it caused (its history entry's recorded
    /// time); one not in the history counts as not fired when it fell due from <paramref name="dueFrom"/>.
    /// </summary>
    public static async Task<Lateness> OfAsync(JourneyStore store, IEnumerable<string> ids, DateTimeOffset dueFrom)
    {
        var late = new List<double>();
        var dueAt = new List<DateTimeOffset>();
        var missing = 0;
        foreach (var id in ids)
        {
            var (journey, history) = (await store.LoadAsync(id, LoadDepth.Everything, cancellationToken: CancellationToken.None))!.Value;
            var clock = journey.Deadlines[ClockName.EnquiryResponse];
            foreach (var (type, due) in new[] { ("DeadlineWarned", clock.WarnAt), ("DeadlineBreached", clock.DueAt) })
            {
                if (history.FirstOrDefault(h => h.Type == type) is { } entry)
                {
                    late.Add((entry.RecordedAt - due).TotalMilliseconds);
                    dueAt.Add(due);
                }
                else if (due >= dueFrom)
                {
                    missing++;
                }
            }
        }

        return new Lateness(late, dueAt, missing);
    }
}
