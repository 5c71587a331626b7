namespace FosteringWorkflows.Journeys.Pages;

/// <summary>How a step's field is asked for, in the GOV.UK Design System's patterns.</summary>
public enum FormFieldKind
{
    /// <summary>Radios: one of a few choices, each in words.</summary>
    Radios,

    /// <summary>A date as three fields (day, month, year) and a time (such as 14:30), in the council's own zone.</summary>
    DateAndTime,

    /// <summary>A date as three fields (day, month, year).</summary>
    Date,

    /// <summary>A line of text.</summary>
    Text,

    /// <summary>Text over several lines.</summary>
    TextArea,

    /// <summary>A drop-down list, for a longer list of choices.</summary>
    Select,
}
