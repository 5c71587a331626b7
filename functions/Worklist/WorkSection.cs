namespace FosteringWorkflows.Worklist;

/// <summary>A section of the worklist: its heading, what its columns say, and its lines, most urgent first.</summary>
public sealed record WorkSection(string Heading, string WhatHeader, string WhenHeader, IReadOnlyList<WorkRow> Rows, string Empty);
