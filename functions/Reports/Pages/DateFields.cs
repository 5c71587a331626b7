using System.Globalization;
using FosteringWorkflows.Pages;
using Microsoft.Extensions.Primitives;

namespace FosteringWorkflows.Reports.Pages;

/// <summary>
/// The report filter's dates as the Design System asks for them (day, month and year in three fields), folded into the
/// <c>from</c> and <c>to</c> the reports read (<c>yyyy-MM-dd</c>), so the pages and the API share one reading of a period.
/// A date that is not a real one is passed on as typed, for the report's own check to name the field.
/// </summary>
public static class DateFields
{
    /// <summary>Folds <c>from-day</c>, <c>from-month</c>, <c>from-year</c> (and <c>to-…</c>) into <c>from</c> and <c>to</c>; answers what was typed, or null.</summary>
    public static IReadOnlyDictionary<string, string>? Fold(HttpRequest request)
    {
        var query = request.Query;
        if (!query.Keys.Any(k => k.EndsWith("-day", StringComparison.Ordinal) || k.EndsWith("-month", StringComparison.Ordinal) || k.EndsWith("-year", StringComparison.Ordinal)))
        {
            return null;
        }

        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var folded = query.Where(q => !q.Key.Contains('-', StringComparison.Ordinal)).ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        foreach (var name in new[] { "from", "to" })
        {
            var (day, month, year) = (query[$"{name}-day"].ToString().Trim(), query[$"{name}-month"].ToString().Trim(), query[$"{name}-year"].ToString().Trim());
            (typed[$"{name}-day"], typed[$"{name}-month"], typed[$"{name}-year"]) = (day, month, year);
            if (day.Length + month.Length + year.Length == 0)
            {
                continue; // left empty: the report's default
            }

            folded[name] = ThreeFieldDate.TryRead(day, month, year, out var date)
                ? new StringValues(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                : new StringValues($"{year}-{month}-{day}");
        }

        request.QueryString = QueryString.Create(folded);
        return typed;
    }
}
