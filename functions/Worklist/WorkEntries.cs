using System.Globalization;
using System.Text;
using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Worklist;

/// <summary>The rows an active journey's line has in the work index: one per section it is in, per clock, per due date of checks, per word of its name.</summary>
public static class WorkEntries
{
    /// <summary>At most this many words of a name are indexed, and this many due dates of checks: a journey's rows fit one batch.</summary>
    public const int MaxWords = 4;
    private const int MaxCheckDates = 8;

    public static IReadOnlyList<WorkEntry> Of(WorkItem line)
    {
        var id = line.JourneyId;
        var entries = new List<WorkEntry>();
        // Each running clock, the next one marked; with none, one clock row with no clock (and no time), marked.
        var next = line.Clocks.OrderBy(c => c.DueAt).FirstOrDefault();
        entries.AddRange(line.Clocks.Select(clock => new WorkEntry(WorkKind.Clock, clock.DueAt, id, clock.Clock, Next: ReferenceEquals(clock, next))));
        if (next is null)
        {
            entries.Add(new WorkEntry(WorkKind.Clock, null, id, Next: true));
        }

        entries.AddRange(line.Checks.GroupBy(c => c.DueAt).OrderBy(g => g.Key).Take(MaxCheckDates)
            .Select(g => new WorkEntry(WorkKind.Checks, g.Key, id, Checks: [.. g])));
        if (line.PanelAt is { } panel)
        {
            entries.Add(new WorkEntry(WorkKind.Panel, panel, id));
        }

        if (line.AttentionSince is { } since)
        {
            entries.Add(new WorkEntry(WorkKind.Attention, since, id));
        }

        if (line.StallsAt is { } stalls)
        {
            entries.Add(new WorkEntry(WorkKind.Stall, stalls, id));
        }

        entries.AddRange(Words($"{line.FirstName} {line.LastName}").Take(MaxWords).Select(w => new WorkEntry(WorkKind.Name, null, id, Token: w)));
        return entries;
    }

    /// <summary>
    /// The words of a name as the index keys them: lower case, accents and marks dropped, letters and digits only
    /// ("O'Brien-Smith" is "obriensmith"), distinct, at most 40 characters each.
    /// </summary>
    public static IEnumerable<string> Words(string text) => text
        .Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
        .Select(Fold).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal);

    private static string Fold(string word)
    {
        var folded = new StringBuilder(word.Length);
        foreach (var c in word.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c) || (char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.Length > 40 ? folded.ToString(0, 40) : folded.ToString();
    }
}
