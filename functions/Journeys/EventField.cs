namespace FosteringWorkflows.Journeys;

/// <summary>The one data field an event type carries: a choice from a list, a date-time, a note's text, or a member of staff.</summary>
public sealed record EventField(string Name, EventFieldKind Kind, IReadOnlyList<string>? Choices = null)
{
    public bool IsTime => Kind == EventFieldKind.Time;
}
