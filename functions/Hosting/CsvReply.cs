using System.Globalization;
using CsvHelper.Configuration;

namespace FosteringWorkflows.Hosting;

/// <summary>What every CSV the service answers with shares: when it is asked for, how cells are written, its content type.</summary>
public static class CsvReply
{
    /// <summary>
    /// CSV is asked for by a <c>.csv</c> path or by <c>Accept: text/csv</c> preferred to JSON (<c>text/csv;q=0</c> says
    /// "never CSV"; with both at the same weight, CSV).
    /// </summary>
    public static bool Wanted(HttpRequest request, bool csvPath)
    {
        if (csvPath)
        {
            return true;
        }

        var accept = request.GetTypedHeaders().Accept;
        double Weight(string type) => accept.Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var csv = Weight("text/csv");
        return csv > 0 && csv >= Weight("application/json");
    }

    /// <summary>A cell a spreadsheet would run as a formula is escaped.</summary>
    public static CsvConfiguration Settings() => new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    public static IResult Of(string text) => TypedResults.Text(text, "text/csv; charset=utf-8");
}
