namespace FosteringWorkflows.Worklist;

/// <summary>
/// A section of the worklist: its heading, what its columns say, and its lines, most urgent first: at most
/// <see cref="Shown"/> of them, <see cref="Total"/> saying how many there are.
/// </summary>
public sealed record WorkSection(string Heading, string WhatHeader, string WhenHeader, IReadOnlyList<WorkRow> Rows, string Empty)
{
    /// <summary>How many lines a section shows: the most urgent; a filter or a search narrows the rest.</summary>
    public const int Shown = 50;

    public int Total { get; init; } = Rows.Count;

    /// <summary>The section with its most urgent lines only, and the count of all.</summary>
    public WorkSection Top() => this with { Rows = [.. Rows.Take(Shown)], Total = Rows.Count };
}
