namespace FosteringWorkflows.Journeys.Pages;

/// <summary>
/// A step an officer records from a page: <see cref="Step"/> is its name in the URL (the event type, or <c>withdraw</c>,
/// <c>route</c>, <c>approval-ended</c>), <see cref="Name"/> the link that reaches it, <see cref="Submit"/> the button that
/// sends it, <see cref="Done"/> what the banner says afterwards.
/// </summary>
public sealed record StepForm(string Step, string Name, string Submit, string Done, IReadOnlyList<FormField> Fields, string? Lead = null);
