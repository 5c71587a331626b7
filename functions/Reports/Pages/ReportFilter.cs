using FosteringWorkflows.Journeys.Pages;

namespace FosteringWorkflows.Reports.Pages;

/// <summary>
/// The filter form above a report: the council (or all of the person's, or the selection already made), and the period as
/// two three-field dates (or, for Ofsted's figures, the April-to-March year). Days, months and years as typed are kept, to
/// show again beside an error.
/// </summary>
public sealed record ReportFilter(
    string Path, IReadOnlyList<FormOption> Councils, string? Council, FormOption? Selection, bool Ofsted, IReadOnlyDictionary<string, string> Dates,
    int OfstedYear)
{
    public static IReadOnlyDictionary<string, string> DatesOf(DateOnly from, DateOnly to) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["from-day"] = from.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["from-month"] = from.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["from-year"] = from.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["to-day"] = to.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["to-month"] = to.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["to-year"] = to.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
