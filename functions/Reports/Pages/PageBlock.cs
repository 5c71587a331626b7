namespace FosteringWorkflows.Reports.Pages;

/// <summary>
/// One part of a report page, laid out by <c>ReportView.razor</c>: a heading, a paragraph, a link, a table (a caption,
/// column headers, rows whose cells are text or a <see cref="Cell"/>), or a chart of <see cref="Bar"/>s.
/// </summary>
public sealed record PageBlock(BlockKind Kind, string Text)
{
    public int Level { get; init; } = 2;

    public string Size { get; init; } = "";

    public string? Href { get; init; }

    /// <summary>Words for screen readers only, after a link's text.</summary>
    public string? Context { get; init; }

    public IReadOnlyList<string> Headers { get; init; } = [];

    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; init; } = [];

    public IReadOnlySet<int> Numeric { get; init; } = new HashSet<int>();

    public IReadOnlyList<Bar> Bars { get; init; } = [];

    /// <summary>A chart's id, for its title and description.</summary>
    public string Id { get; init; } = "";
}
