namespace FosteringWorkflows.Reports.Pages;

/// <summary>One bar of a chart: its label, its length, and the figure written beside it.</summary>
public sealed record Bar(string Label, double Value, string Text);
