using System.Globalization;

/// <summary>Nothing to do: only the safety-net sweep and the queue poll touch storage.</summary>
internal static class IdlePhase
{
    public static async Task<double> RunAsync(Bench bench, string label, int seconds)
    {
        var before = bench.StorageCalls.Count;
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var perMinute = (bench.StorageCalls.Count - before) * 60.0 / seconds;
        bench.Line(string.Create(CultureInfo.InvariantCulture, $"{$"idle {label}",-34} {perMinute:F1} storage calls a minute (over {seconds} s)"));
        return perMinute;
    }
}
