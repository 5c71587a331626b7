namespace FosteringWorkflows.Journeys.Pages;

/// <summary>
/// One field of a step's form: <see cref="Name"/> is the event's data field as the API names it (so an error the engine
/// names, <c>data.visitAt</c>, lands on it), and the id the error summary links to.
/// </summary>
public sealed record FormField(string Name, FormFieldKind Kind, string Label, string? Hint = null, IReadOnlyList<FormOption>? Options = null, bool Optional = false)
{
    /// <summary>The element the error summary links to: the first of a date's three fields, else the field itself.</summary>
    public string Anchor => Kind is FormFieldKind.Date or FormFieldKind.DateAndTime ? $"{Name}-day" : Name;

    /// <summary>What to say when the field was left empty, in the Design System's words.</summary>
    public string WhenEmpty => Kind is FormFieldKind.Radios or FormFieldKind.Select
        ? $"Select {char.ToLowerInvariant(Label[0])}{Label[1..].TrimEnd('?')}"
        : $"Enter {char.ToLowerInvariant(Label[0])}{Label[1..].TrimEnd('?')}";
}
