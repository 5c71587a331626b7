using System.Diagnostics;
using System.Globalization;
using FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>Texts through GOV.UK Notify's API: a local listener answering every call after 100 ms.</summary>
internal static class MessagesPhase
{
    public static async Task RunAsync(Bench bench, IDictionary<string, string?> baseSettings, int journeys, int concurrency)
    {
        await using var provider = await FakeProviders.StartAsync();
        provider.ResponseDelay = TimeSpan.FromMilliseconds(100);
        var settings = provider.SettingsFor("hertfordshire", "Notify", "Notify");
        foreach (var (key, value) in baseSettings)
        {
            settings.TryAdd(key, value);
        }

        settings["Storage:Prefix"] = "benchmsg";
        using var messaging = Bench.InProcess(settings);
        using var client = messaging.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-officer-key");
        var started = Stopwatch.GetTimestamp();
        await Bench.RunAsync(journeys, concurrency, async _ => await Bench.StartAsync(client));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var texts = provider.Calls.Count(c => c.Path == "/v2/notifications/sms");
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"messages via Notify (100 ms)",-34} {texts / elapsed.TotalSeconds,8:F1} /s   {texts} texts from {journeys} enquiries, {concurrency} in flight, in {elapsed.TotalSeconds:F1} s"));
    }
}
