using System.Globalization;
using CsvHelper.Configuration;

namespace FosteringWorkflows.Hosting;

/// <summary>What every CSV the service answers with shares: when it is asked for, how cells are written, its content type.</summary>
public static class CsvReply
{
    /// <summary>CSV is asked for by a <c>.csv</c> path or by <c>Accept: text/csv</c>.</summary>
    public static bool Wanted(HttpRequest request, bool csvPath) =>
        csvPath || request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>A cell a spreadsheet would run as a formula is escaped.</summary>
    public static CsvConfiguration Settings() => new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    public static IResult Of(string text) => TypedResults.Text(text, "text/csv; charset=utf-8");
}
