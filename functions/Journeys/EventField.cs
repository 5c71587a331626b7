namespace FosteringWorkflows.Journeys;

/// <summary>The one data field an event type carries: a choice from a list, or a date-time.</summary>
public sealed record EventField(string Name, IReadOnlyList<string>? Choices)
{
    public bool IsTime => Choices is null;
}
