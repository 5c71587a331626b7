using System.Globalization;
using System.Text.RegularExpressions;

namespace FosteringWorkflows.Councils;

/// <summary>Postcode districts (the outward code: "PO16" of "PO16 7GZ") and configured lists of them.</summary>
public static partial class PostcodeDistricts
{
    /// <summary>"PO1-PO6,SO14,SW1A" → PO1 … PO6, SO14, SW1A. False when any part is not a district or a same-area range.</summary>
    public static bool TryExpand(string? list, out List<string> districts)
    {
        districts = [];
        foreach (var part in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.ToUpperInvariant().Split('-');
            if (bounds.Length == 1 && District().IsMatch(bounds[0]))
            {
                districts.Add(bounds[0]);
                continue;
            }

            if (bounds.Length != 2
                || NumberedDistrict().Match(bounds[0]) is not { Success: true } from
                || NumberedDistrict().Match(bounds[1]) is not { Success: true } to
                || from.Groups[1].Value != to.Groups[1].Value)
            {
                return false;
            }

            var first = int.Parse(from.Groups[2].Value, CultureInfo.InvariantCulture);
            var last = int.Parse(to.Groups[2].Value, CultureInfo.InvariantCulture);
            if (last < first)
            {
                return false;
            }

            for (var n = first; n <= last; n++)
            {
                districts.Add(string.Create(CultureInfo.InvariantCulture, $"{from.Groups[1].Value}{n}"));
            }
        }

        return true;
    }

    /// <summary>The district of a normalised postcode ("SO14 7LY" → "SO14").</summary>
    public static string Of(string normalisedPostcode) => normalisedPostcode.Split(' ')[0];

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?\\z")]
    private static partial Regex District();

    [GeneratedRegex("^([A-Z]{1,2})([0-9]{1,2})\\z")]
    private static partial Regex NumberedDistrict();
}
