using System.Globalization;

namespace FosteringWorkflows.TestShared;

/// <summary>WCAG 2 contrast, shared by the unit tests (the chart colours) and the page tests (the colours a page draws with).</summary>
public static class ColourContrast
{
    /// <summary>WCAG 2 contrast ratio of a #rrggbb colour against white.</summary>
    public static double WithWhite(string hex)
    {
        double Channel(int start)
        {
            var c = int.Parse(hex.AsSpan(start, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        var luminance = (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
        return 1.05 / (luminance + 0.05);
    }
}
