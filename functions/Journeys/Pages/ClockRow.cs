namespace FosteringWorkflows.Journeys.Pages;

/// <summary>A clock as the page shows it: its name and state in words, when it is due, and the time left in its own unit.</summary>
public sealed record ClockRow(string Name, string State, string Due, string? Left, bool Overdue);
