using System.Globalization;

/// <summary>
/// How late timers fired: milliseconds from each due instant to the change it caused (beside each, the instant), and how
/// many never fired.
/// </summary>
internal sealed record Lateness(IReadOnlyList<double> Milliseconds, IReadOnlyList<DateTimeOffset> Due, int Missing)
{
    public static Lateness None { get; } = new([], [], 0);

    private List<double> Sorted { get; } = [.. Milliseconds.Order()];

    public double Max => Sorted.Count == 0 ? double.NaN : Sorted[^1];

    public double P(double q) => Sorted.Count == 0 ? double.NaN : Sorted[Math.Min(Sorted.Count - 1, (int)(q * Sorted.Count))];

    public void Report(Bench bench, string name, string conditions) => bench.Line(string.Create(CultureInfo.InvariantCulture,
        $"{name,-34} p50 {P(0.5) / 1000:F2} s   p99 {P(0.99) / 1000:F2} s   max {Max / 1000:F2} s   ({Milliseconds.Count} due instants from {conditions}, {Missing} not fired)"));
}
