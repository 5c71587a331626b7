namespace FosteringWorkflows.Reports;

/// <summary>
/// The figures rows of some councils and months, read for one period: sums and measured times of a counter, counting only
/// the days from <see cref="From"/> to <see cref="To"/> (the councils' local dates).
/// </summary>
public sealed class Figures(IReadOnlyList<MonthFigures> rows, DateOnly from, DateOnly to)
{
    public DateOnly From { get; } = from;

    public DateOnly To { get; } = to;

    public IReadOnlyList<MonthFigures> Rows { get; } = rows;

    public Figures For(string council) => new([.. Rows.Where(r => r.Council == council)], From, To);

    public Figures Between(DateOnly from, DateOnly to) =>
        new(Rows, from > From ? from : From, to < To ? to : To);

    public int Count(string counter) =>
        Rows.Sum(r => r.Counts.TryGetValue(counter, out var days) ? days.Where(d => In(r, d.Key)).Sum(d => d.Value) : 0);

    /// <summary>The measured times of a counter, in minutes, smallest first.</summary>
    public List<long> Minutes(params string[] counters) =>
        [.. Rows.SelectMany(r => counters.SelectMany(c => r.Samples.TryGetValue(c, out var list) ? list.Where(s => In(r, (int)s[0])).Select(s => s[1]) : []))
            .Order()];

    /// <summary>Counter names that start with a prefix, as found in the rows.</summary>
    public IEnumerable<string> CountersStartingWith(string prefix) =>
        Rows.SelectMany(r => r.Counts.Keys).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal);

    public IEnumerable<(string Council, DateOnly Started, BreachEntry Breach)> Breaches() =>
        Rows.SelectMany(r => r.Breaches.Values.Select(b => (r.Council, b.Started, b))).Where(b => b.Started >= From && b.Started <= To);

    private bool In(MonthFigures row, int day)
    {
        var date = new DateOnly(row.Month.Year, row.Month.Month, day);
        return date >= From && date <= To;
    }

    /// <summary>
    /// The p-th percentile of sorted values, interpolated between the two nearest ranks (as a spreadsheet's PERCENTILE.INC
    /// and numpy do): the median of 1, 2, 3, 4 is 2.5, their 90th percentile 3.7. Null for no values.
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
