using System.Globalization;

namespace FosteringWorkflows.Pages;

/// <summary>A date as the Design System asks for it: day, month and year in three fields, read one way for every form.</summary>
public static class ThreeFieldDate
{
    /// <summary>The date the three fields name, or false when they do not name a real one (31 February, letters, a blank).</summary>
    public static bool TryRead(string day, string month, string year, out DateOnly date) =>
        DateOnly.TryParseExact($"{year.Trim()}-{month.Trim().PadLeft(2, '0')}-{day.Trim().PadLeft(2, '0')}", "yyyy-MM-dd",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
