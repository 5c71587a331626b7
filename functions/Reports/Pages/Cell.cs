namespace FosteringWorkflows.Reports.Pages;

/// <summary>A table cell that is already HTML: a link, a tag.</summary>
public sealed record Cell(string Html)
{
    public static Cell Link(string href, string text) => new($"<a class=\"govuk-link\" href=\"{Page.E(href)}\">{Page.E(text)}</a>");

    /// <summary>A state as a GOV.UK tag: its words say the state, the colour only repeats it.</summary>
    public static Cell Tag(string text, string colour) => new($"<strong class=\"govuk-tag govuk-tag--{colour}\">{Page.E(text)}</strong>");

    public override string ToString() => Html;
}
