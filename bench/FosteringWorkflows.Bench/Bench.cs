using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

/// <summary>What every phase shares: the storage call counter, the output, and the ways to run and report work.</summary>
internal sealed class Bench(StorageCallCounter storageCalls, TextWriter output)
{
    public StorageCallCounter StorageCalls => storageCalls;

    public void Line(string text = "") => output.WriteLine(text);

    public static WebApplicationFactory<Program> InProcess(IDictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Benchmark");
            // As host settings too, so what Program reads while it registers services (the sign-in provider) is there.
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }

            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(settings));
            b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        });

    public static async Task RunAsync(int count, int parallel, Func<int, Task> work)
    {
        if (count == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) => await work(i));
    }

    public static async Task<string> StartAsync(HttpClient client, string council = "hertfordshire", bool consent = true)
    {
        var response = await client.PostAsJsonAsync("/api/enquiries", new
        {
            localAuthority = council,
            channel = "web",
            applicant = new { firstName = "Bench", lastName = "Mark", email = "bench@example.org", phone = "07911 123456", preferredChannel = "sms" },
            consent = new { sms = consent, email = consent },
        });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("journeyId").GetString()!;
    }

    /// <summary>A point read of a small table straight to Azurite (of a row that is not there): how long Azurite takes to answer one.</summary>
    public static Task PointReadAsync(StorageAccount storage) =>
        storage.Policies.GetEntityIfExistsAsync<TableEntity>("probe", "probe", select: ["PartitionKey"], cancellationToken: CancellationToken.None);

    /// <summary>Runs <paramref name="count"/> operations, <paramref name="parallel"/> at once, timing each and counting storage calls and CPU.</summary>
    public async Task<Measured> MeasureAsync(int count, int parallel, Func<int, Task> work)
    {
        var latencies = new List<double>();
        var callsBefore = storageCalls.Count;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await RunAsync(count, parallel, async i =>
        {
            var one = Stopwatch.GetTimestamp();
            await work(i);
            lock (latencies)
            {
                latencies.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
            }
        });
        return new Measured(count, Stopwatch.GetElapsedTime(started), storageCalls.Count - callsBefore,
            Process.GetCurrentProcess().TotalProcessorTime - cpuBefore, latencies);
    }

    public Measured Report(string name, Measured m)
    {
        Line(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {m.PerSecond,8:F1} /s   {m.CallsEach,5:F2} storage calls each   p50 {m.P(0.5),6:F1} ms   p95 {m.P(0.95),6:F1} ms   app CPU {m.Cpu.TotalMilliseconds / m.Count,5:F2} ms each ({m.Count} in {m.Elapsed.TotalSeconds:F1} s)"));
        return m;
    }
}

internal sealed record Measured(int Count, TimeSpan Elapsed, long Calls, TimeSpan Cpu, List<double> Latencies)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double CallsEach => (double)Calls / Count;

    public double P(double q)
    {
        var sorted = Latencies.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
    }
}

/// <summary>Writes to the console and to the results file at once.</summary>
internal sealed class Tee(params TextWriter[] writers) : TextWriter
{
    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void Write(char value)
    {
        foreach (var writer in writers)
        {
            writer.Write(value);
        }
    }

    public override void WriteLine(string? value)
    {
        foreach (var writer in writers)
        {
            writer.WriteLine(value);
            writer.Flush();
        }
    }
}
