using System.Globalization;
using System.Text;

namespace FosteringWorkflows.Reports.Pages;

/// <summary>
/// Charts drawn by the service as inline SVG, after the GOV.UK and ONS chart guidance: one colour with at least 3:1 contrast
/// against the page, every value written as text beside its bar (so nothing is said by colour alone), a title and a text
/// alternative naming every figure; the page puts the same figures in a table beside each chart.
/// </summary>
public static class Charts
{
    /// <summary>GOV.UK blue: 5.2:1 against white.</summary>
    public const string BarColour = "#1d70b8";

    /// <summary>GOV.UK black: 19:1 against white.</summary>
    public const string TextColour = "#0b0c0c";

    /// <summary>The axis: GOV.UK dark grey, 7:1 against white.</summary>
    public const string AxisColour = "#505a5f";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string HorizontalBars(string id, string title, IReadOnlyList<Bar> bars)
    {
        const int width = 720, labelWidth = 230, barSpace = 400, rowHeight = 34;
        var height = (bars.Count * rowHeight) + 8;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var svg = Open(id, title, bars, width, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = 4 + (i * rowHeight);
            var length = max <= 0 ? 0 : Math.Max(bar.Value > 0 ? 2 : 0, bar.Value / max * barSpace);
            svg.Append(Invariant, $"<text x=\"{labelWidth - 8}\" y=\"{y + 20}\" text-anchor=\"end\" fill=\"{TextColour}\" font-size=\"16\" font-family=\"arial, sans-serif\">{Page.E(bar.Label)}</text>")
                .Append(Invariant, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{length:0.#}\" height=\"24\" fill=\"{BarColour}\"/>")
                .Append(Invariant, $"<text x=\"{labelWidth + length + 6:0.#}\" y=\"{y + 20}\" fill=\"{TextColour}\" font-size=\"16\" font-family=\"arial, sans-serif\">{Page.E(bar.Text)}</text>");
        }

        svg.Append(Invariant, $"<line x1=\"{labelWidth}\" y1=\"0\" x2=\"{labelWidth}\" y2=\"{height}\" stroke=\"{AxisColour}\" stroke-width=\"1\"/>");
        return svg.Append("</svg>").ToString();
    }

    public static string Columns(string id, string title, IReadOnlyList<Bar> columns)
    {
        const int width = 720, height = 260, baseline = 220, top = 24;
        var max = columns.Count == 0 ? 0 : columns.Max(b => b.Value);
        var slot = columns.Count == 0 ? width : (double)(width - 20) / columns.Count;
        var svg = Open(id, title, columns, width, height);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var x = 10 + (i * slot);
            var barWidth = Math.Min(48, slot * 0.7);
            var length = max <= 0 ? 0 : Math.Max(column.Value > 0 ? 2 : 0, column.Value / max * (baseline - top));
            var centre = x + (slot / 2);
            svg.Append(Invariant, $"<rect x=\"{centre - (barWidth / 2):0.#}\" y=\"{baseline - length:0.#}\" width=\"{barWidth:0.#}\" height=\"{length:0.#}\" fill=\"{BarColour}\"/>")
                .Append(Invariant, $"<text x=\"{centre:0.#}\" y=\"{baseline - length - 6:0.#}\" text-anchor=\"middle\" fill=\"{TextColour}\" font-size=\"14\" font-family=\"arial, sans-serif\">{Page.E(column.Text)}</text>")
                .Append(Invariant, $"<text x=\"{centre:0.#}\" y=\"{baseline + 20}\" text-anchor=\"middle\" fill=\"{TextColour}\" font-size=\"13\" font-family=\"arial, sans-serif\">{Page.E(column.Label)}</text>");
        }

        svg.Append(Invariant, $"<line x1=\"0\" y1=\"{baseline}\" x2=\"{width}\" y2=\"{baseline}\" stroke=\"{AxisColour}\" stroke-width=\"1\"/>");
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string id, string title, IReadOnlyList<Bar> bars, int width, int height) =>
        new StringBuilder()
            .Append(Invariant, $"<svg class=\"fw-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">")
            .Append(Invariant, $"<title id=\"{id}-title\">{Page.E(title)}</title>")
            .Append(Invariant, $"<desc id=\"{id}-desc\">{Page.E(bars.Count == 0 ? "No figures in this period." : string.Join("; ", bars.Select(b => $"{b.Label}: {b.Text}")) + ".")}</desc>");
}
