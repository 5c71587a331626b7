using System.Globalization;

namespace FosteringWorkflows.Reports.Pages;

/// <summary>
/// A report page's parts, in order, as the report endpoints put them together; <c>ReportView.razor</c> lays them out in the
/// shared layout (Razor encodes every value).
/// </summary>
public sealed class Page
{
    private readonly List<PageBlock> _blocks = [];

    public IReadOnlyList<PageBlock> Blocks => _blocks;

    public static string N(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("en-GB"));

    public static string N(double? value, string format = "0.##") => value is { } v ? v.ToString(format, CultureInfo.GetCultureInfo("en-GB")) : "–";

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", CultureInfo.GetCultureInfo("en-GB")) + "%" : "–";

    /// <summary>An instant as the council it belongs to reads it, in its own time zone.</summary>
    public static string Time(DateTimeOffset? at, TimeZoneInfo zone) => at is { } t
        ? TimeZoneInfo.ConvertTime(t, zone).ToString("d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB"))
        : "–";

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    private Page Add(PageBlock block)
    {
        _blocks.Add(block);
        return this;
    }

    public Page Heading(int level, string text, string size = "l") => Add(new PageBlock(BlockKind.Heading, text) { Level = level, Size = size });

    /// <summary>The paragraph under the heading that says what the page covers.</summary>
    public Page Lead(string text) => Add(new PageBlock(BlockKind.Lead, text));

    public Page Paragraph(string text, string size = "") => Add(new PageBlock(BlockKind.Paragraph, text) { Size = size });

    public Page Link(string href, string text, string? context = null) => Add(new PageBlock(BlockKind.Link, text) { Href = href, Context = context });

    /// <summary>A table: a caption, column headers, and rows whose first cell is a row header; cells are text or a <see cref="Cell"/>.</summary>
    public Page Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlySet<int>? numeric = null) =>
        Add(new PageBlock(BlockKind.Table, caption) { Headers = headers, Rows = [.. rows], Numeric = numeric ?? new HashSet<int>() });

    /// <summary>A chart of bars across (a funnel, stages), its values written beside the bars.</summary>
    public Page HorizontalBars(string id, string title, IReadOnlyList<Bar> bars) => Add(new PageBlock(BlockKind.HorizontalBars, title) { Id = id, Bars = bars });

    /// <summary>A chart of columns (months), its values written above the columns.</summary>
    public Page Columns(string id, string title, IReadOnlyList<Bar> columns) => Add(new PageBlock(BlockKind.Columns, title) { Id = id, Bars = columns });
}
