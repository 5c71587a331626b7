using System.Globalization;
using FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>Nothing to do: only the safety-net sweep and the queue poll touch storage.</summary>
internal static class IdlePhase
{
    public static async Task<double> RunAsync(Bench bench, AzuriteProcess azurite, string label, int seconds)
    {
        using var byTable = new CallsByTable(azurite.Ports, "bench");
        var before = bench.StorageCalls.Count;
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var perMinute = (bench.StorageCalls.Count - before) * 60.0 / seconds;
        bench.Line(string.Create(CultureInfo.InvariantCulture, $"{$"idle {label}",-34} {perMinute:F1} storage calls a minute (over {seconds} s): {CallsByTable.Describe(byTable.Take())}"));
        return perMinute;
    }
}
