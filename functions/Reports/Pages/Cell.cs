namespace FosteringWorkflows.Reports.Pages;

/// <summary>A table cell that is more than text: a link, or a state as a GOV.UK tag (its words say it; the colour only repeats it).</summary>
public sealed record Cell(string Text, string? Href = null, string? Colour = null)
{
    public static Cell Link(string href, string text) => new(text, Href: href);

    public static Cell Tag(string text, string colour) => new(text, Colour: colour);

    public override string ToString() => Text;
}
