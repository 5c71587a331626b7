namespace FosteringWorkflows.Worklist;

/// <summary>
/// A section of the worklist: its heading, what its columns say, and its most urgent lines (at most
/// <see cref="Shown"/>); <see cref="More"/> says there are more than it shows.
/// </summary>
public sealed record WorkSection(string Heading, string WhatHeader, string WhenHeader, IReadOnlyList<WorkRow> Rows, string Empty, bool More = false)
{
    /// <summary>How many lines a section shows: the most urgent; a filter or a search narrows the rest.</summary>
    public const int Shown = 50;
}
