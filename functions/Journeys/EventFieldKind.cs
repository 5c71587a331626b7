namespace FosteringWorkflows.Journeys;

/// <summary>What an event's data field holds.</summary>
public enum EventFieldKind
{
    /// <summary>One of a list of words (a decision, a check).</summary>
    Choice,

    /// <summary>A date-time with offset (a booked visit, a panel date).</summary>
    Time,

    /// <summary>Text people type, over several lines if need be (a note): personal data, kept in history.</summary>
    Text,

    /// <summary>A member of staff by their sign-in id, or <c>null</c> for nobody.</summary>
    StaffMember,
}
