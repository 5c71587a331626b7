namespace FosteringWorkflows.Journeys.Pages;

/// <summary>One choice of a field: the value sent, and what a person reads.</summary>
public sealed record FormOption(string Value, string Label, string? Hint = null);
