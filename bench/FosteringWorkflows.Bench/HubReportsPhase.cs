using System.Diagnostics;
using System.Globalization;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Reports;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The reports of a regional hub over three years: a service of 20 councils (the sample's 7 and 13 more), with figures for
/// 36 months folded through the service's own <see cref="FigureStore"/> from generated journeys (the facts the engine makes:
/// funnel steps, clocks met and breached with their times, withdrawals). The SLA report, the funnel and the dashboard are
/// read at 7 councils × 12 months (what the other phases read) and at 20 × 36, first with every month open (one figures row
/// per council, month and shard, as before months closed), then after the passed months are closed as the closer closes
/// them, each the median and 95th percentile of its samples with the storage calls each.
/// </summary>
internal static class HubReportsPhase
{
    public const int Months = ReportService.MaxMonths;

    public static async Task RunAsync(Bench bench, IDictionary<string, string?> sample, int councils, int journeysAMonth, int samples)
    {
        var settings = new Dictionary<string, string?>(sample)
        {
            ["Storage:Prefix"] = "benchhub",
            ["Reports:RequestsPerMinute"] = "100000",
        };
        AddCouncils(settings, councils);
        await using var factory = Bench.InProcess(settings);
        using var manager = factory.CreateClient();
        manager.DefaultRequestHeaders.Add("X-Api-Key", "dev-manager-key");
        (await manager.GetAsync("/health")).EnsureSuccessStatusCode();
        var directory = factory.Services.GetRequiredService<FosteringWorkflows.Councils.CouncilDirectory>();
        var all = directory.Ids.ToList();
        var store = factory.Services.GetRequiredService<FigureStore>();
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1 - Months);

        bench.Line($"reports over a hub's years: {all.Count} councils × {Months} months, about {journeysAMonth} journeys a council a month");
        var seeding = Stopwatch.GetTimestamp();
        var callsBefore = bench.StorageCalls.Count;
        var work = (from council in all from m in Enumerable.Range(0, Months) from j in Enumerable.Range(0, journeysAMonth) select (council, month: first.AddMonths(m), j)).ToList();
        await Bench.RunAsync(work.Count, 32, async i =>
        {
            var (council, month, j) = work[i];
            var id = string.Create(CultureInfo.InvariantCulture, $"{council}-{month:yyyyMM}-{j}");
            await store.FoldAsync(council, id, Facts(id, month, new Random(HashCode.Combine(council.GetHashCode(StringComparison.Ordinal), month, j))), CancellationToken.None);
        });
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"  seeded",-34} {work.Count} journeys' facts folded in {Stopwatch.GetElapsedTime(seeding).TotalSeconds:F1} s, {bench.StorageCalls.Count - callsBefore} storage calls"));

        var small = $"localAuthority={string.Join(',', all.Take(7))}&from={today.AddMonths(-11):yyyy-MM}-01&to={today:yyyy-MM-dd}";
        var large = $"from={first:yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        using var browser = await ReportsPhase.SignInAsync(factory);
        await ReadAllAsync(bench, manager, browser, small, large, samples, "every month open");

        // The passed months closed, as the closer closes each in its turn.
        var closing = Stopwatch.GetTimestamp();
        callsBefore = bench.StorageCalls.Count;
        var closed = 0;
        foreach (var council in all)
        {
            for (var month = first; month <= store.LastClosed(council); month = month.AddMonths(1))
            {
                await store.CloseAsync(council, month, CancellationToken.None);
                closed++;
            }
        }

        var calls = bench.StorageCalls.Count - callsBefore;
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"  closed",-34} {closed} council months in {Stopwatch.GetElapsedTime(closing).TotalSeconds:F1} s, {calls} storage calls ({(double)calls / closed:F0} a month, once)"));
        await ReadAllAsync(bench, manager, browser, small, large, samples, $"{closed / all.Count} of {Months} months closed");
        bench.Line();
    }

    private static async Task ReadAllAsync(Bench bench, HttpClient manager, HttpClient browser, string small, string large, int samples, string label)
    {
        bench.Line($"  {label}:");
        foreach (var (size, query) in new[] { ("7 × 12", small), ("20 × 36", large) })
        {
            await TimeAsync(bench, $"SLA report {size}", samples, () => manager.GetAsync($"/api/reports/sla?{query}"));
            await TimeAsync(bench, $"funnel {size}", samples, () => manager.GetAsync($"/api/reports/funnel?{query}"));
            await TimeAsync(bench, $"dashboard page {size}", samples, () => browser.GetAsync($"/dashboard?{query}"));
        }
    }

    private static async Task TimeAsync(Bench bench, string label, int count, Func<Task<HttpResponseMessage>> call)
    {
        (await call()).EnsureSuccessStatusCode(); // warm
        var times = new List<double>();
        var before = bench.StorageCalls.Count;
        for (var i = 0; i < count; i++)
        {
            var one = Stopwatch.GetTimestamp();
            using var response = await call();
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            times.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
        }

        times.Sort();
        var p95 = times[(int)Math.Ceiling(0.95 * count) - 1];
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"    {label,-30} p50 {times[count / 2],5:F0} ms   p95 {p95,5:F0} ms (of {count})   {(bench.StorageCalls.Count - before) / (double)count,5:F0} storage calls each"));
    }

    /// <summary>Councils beside the sample's (<c>hub-08</c>, <c>hub-09</c>, …) until the service runs <paramref name="councils"/>.</summary>
    public static void AddCouncils(IDictionary<string, string?> settings, int councils)
    {
        var sampleCouncils = settings.Keys.Where(k => k.StartsWith("Councils:", StringComparison.Ordinal) && k.EndsWith(":Name", StringComparison.Ordinal))
            .Select(k => k.Split(':')[1]).Distinct().ToList();
        for (var i = sampleCouncils.Count + 1; i <= councils; i++)
        {
            var id = $"hub-{i:D2}";
            settings[$"Councils:{id}:Name"] = $"Hub council {i}";
            settings[$"Councils:{id}:TeamEmail"] = $"fostering@{id}.example";
            settings[$"Councils:{id}:ManagerEmail"] = $"fostering.manager@{id}.example";
            settings[$"Councils:{id}:ContactPhone"] = "0300 555 0100";
        }
    }

    /// <summary>One generated journey's facts, all dated in its month: most contacted in time, some visited, a few applying.</summary>
    private static List<Fact> Facts(string id, DateOnly month, Random random)
    {
        var day = month.AddDays(random.Next(DateTime.DaysInMonth(month.Year, month.Month)));
        var due = new DateTimeOffset(day.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero);
        var facts = new List<Fact>
        {
            new("step:Enquiry", day, "step:Enquiry"),
            new("clock:EnquiryResponse:started", day, "clock:EnquiryResponse:started"),
        };
        if (random.NextDouble() < 0.85)
        {
            facts.Add(new("clock:EnquiryResponse:met", day, "clock:EnquiryResponse:met", random.Next(10, 120)));
        }
        else
        {
            facts.Add(new("clock:EnquiryResponse:breached", day, "clock:EnquiryResponse:breached",
                Breach: new BreachNote(id, "EnquiryResponse", due, null, "clock:EnquiryResponse")));
        }

        if (random.NextDouble() < 0.8)
        {
            facts.Add(new("step:ContactMade", day, "step:ContactMade"));
            facts.Add(new("time:EnquiryToContact", day, "time:EnquiryToContact", random.Next(30, 3000)));
            facts.Add(new("clock:InitialVisit:started", day, "clock:InitialVisit:started"));
            if (random.NextDouble() < 0.5)
            {
                facts.Add(new("step:InitialVisit", day, "step:InitialVisit"));
                facts.Add(new("clock:InitialVisit:met", day, "clock:InitialVisit:met", random.Next(600, 2400)));
                facts.Add(new("time:ContactToInitialVisit", day, "time:ContactToInitialVisit", random.Next(1440, 14400)));
                if (random.NextDouble() < 0.4)
                {
                    facts.Add(new("step:Application", day, "step:Application"));
                    facts.Add(new("clock:Stage1:started", day, "clock:Stage1:started"));
                }
            }
            else if (random.NextDouble() < 0.5)
            {
                facts.Add(new("withdrawn", day, "withdrawn:BeforeApplication:AW3"));
            }
        }

        return facts;
    }
}
