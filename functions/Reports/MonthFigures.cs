using System.Text.Json.Serialization;
using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Reports;

/// <summary>
/// One council's figures for one month (one shard of it): each counter by day of the month, the measured times by day, and
/// the breaches of the clocks that started that month.
/// </summary>
public sealed class MonthFigures
{
    [JsonPropertyName("c")]
    public Dictionary<string, SortedDictionary<int, int>> Counts { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Per counter, pairs of (day of month, minutes).</summary>
    [JsonPropertyName("s")]
    public Dictionary<string, List<long[]>> Samples { get; init; } = new(StringComparer.Ordinal);

    [JsonPropertyName("b")]
    public Dictionary<string, BreachEntry> Breaches { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// In a closed month's row, the facts folded into it after it closed (journey hash and fact key; with <c>|back</c>, a fact
    /// its shard counted and that was taken back since), so each counts once. Null in a shard's row.
    /// </summary>
    [JsonPropertyName("k")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedSet<string>? Folded { get; set; }

    [JsonIgnore]
    public string Council { get; set; } = "";

    [JsonIgnore]
    public DateOnly Month { get; set; }

    public void Apply(Fact fact, string journeyId)
    {
        if (!Counts.TryGetValue(fact.Counter, out var days))
        {
            Counts[fact.Counter] = days = [];
        }

        days[fact.Day.Day] = days.GetValueOrDefault(fact.Day.Day) + fact.Delta;
        if (fact.Minutes is { } minutes)
        {
            if (!Samples.TryGetValue(fact.Counter, out var list))
            {
                Samples[fact.Counter] = list = [];
            }

            if (fact.Delta > 0)
            {
                list.Add([fact.Day.Day, minutes]);
            }
            else if (list.FindIndex(s => s[0] == fact.Day.Day && s[1] == minutes) is var taken and >= 0)
            {
                list.RemoveAt(taken);
            }
        }

        if (fact.Breach is { } breach)
        {
            var id = $"{journeyId}|{breach.Instance}";
            if (fact.DropBreach)
            {
                Breaches.Remove(id);
            }
            else
            {
                Breaches[id] = new BreachEntry(breach.JourneyId, breach.Clock, breach.DueAt, breach.EndedAt, fact.Day, breach.Cancelled);
            }
        }
    }

    /// <summary>Adds another row's figures of the same council and month (a shard's, folded into the month's row as it closes).</summary>
    public void Merge(MonthFigures other)
    {
        foreach (var (counter, days) in other.Counts)
        {
            if (!Counts.TryGetValue(counter, out var mine))
            {
                Counts[counter] = mine = [];
            }

            foreach (var (day, count) in days)
            {
                mine[day] = mine.GetValueOrDefault(day) + count;
            }
        }

        foreach (var (counter, samples) in other.Samples)
        {
            if (!Samples.TryGetValue(counter, out var mine))
            {
                Samples[counter] = mine = [];
            }

            mine.AddRange(samples);
        }

        foreach (var (id, breach) in other.Breaches)
        {
            Breaches[id] = breach;
        }
    }

    /// <summary>Forgets a purged journey's breaches (its counts stay: they name nobody).</summary>
    public bool Forget(string journeyId) =>
        Breaches.Keys.Where(k => k.StartsWith(journeyId + "|", StringComparison.Ordinal)).ToList() is { Count: > 0 } gone
        && gone.All(Breaches.Remove);
}
