using System.Globalization;

namespace FosteringWorkflows.Reports;

/// <summary>How a figure is written in a report's CSV cell: invariant numbers, instants as the JSON writes them.</summary>
internal static class CsvCell
{
    public static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? N(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>An instant as the JSON writes it: ISO 8601 with its offset, no trailing zeros in the fraction.</summary>
    public static string? N(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
