using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;
using FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>The real service process is killed (SIGKILL) again and again while enquiries arrive; then every text is counted.</summary>
internal static class CrashPhase
{
    public static async Task RunAsync(Bench bench, string storage, int total, int parallel)
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
            await Bench.RunAsync(total - Volatile.Read(ref attempted), parallel, async _ =>
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
                    await Bench.StartAsync(service.Client);
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
            using var advance = new HttpRequestMessage(HttpMethod.Post, "/api/dev/clock/advance") { Content = JsonContent.Create(new { by = "PT30M" }) };
            advance.Headers.Add("X-Api-Key", "dev-admin-key");
            (await last.Client.SendAsync(advance)).EnsureSuccessStatusCode();
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in StorageAccount.JourneyTableNames(prefix))
        {
            await foreach (var row in new TableClient(storage, name).QueryAsync<TableEntity>("Row eq 'state'", select: ["PartitionKey"]))
            {
                stored.Add(row.PartitionKey);
            }
        }

        var received = fake.Calls.Where(c => c.Path == "/v2/notifications/sms").Select(c => c.Reference!).ToList();
        var unique = received.ToHashSet(StringComparer.Ordinal);
        var missing = stored.Count(id => !unique.Contains($"{id}:acknowledgement"));
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"crash-and-restart",-34} {stored.Count} journeys stored from {attempted} enquiries, {kills} kills: {received.Count} texts received, {received.Count - unique.Count} duplicates, {missing} missing ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)"));
    }
}
