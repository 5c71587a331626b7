namespace FosteringWorkflows.Worklist;

/// <summary>The kinds of row a journey has in its council's work index, each a section of the worklist or a way to list or find it.</summary>
public enum WorkKind
{
    /// <summary>The journey's own row: its line and the keys of all its other rows, so a change finds them all by one point read.</summary>
    Journey,

    /// <summary>
    /// Every running clock, by due time (new enquiries by their first-contact clock, overdue, due soon, the list narrowed
    /// to one clock). The journey's next clock is marked <c>Next</c>, and a journey with none has one row with no clock,
    /// after every time, marked too: the list by due time is the same rows narrowed to those marked.
    /// </summary>
    Clock,

    /// <summary>Stage 1 checks not yet in, by due date (one row per due date, naming each person's check).</summary>
    Checks,

    /// <summary>The panel date.</summary>
    Panel,

    /// <summary>When a journey with no clock running has gone without a step for the council's stalled limit.</summary>
    Stall,

    /// <summary>A word of the applicant's name, for a search by name.</summary>
    Name,

    /// <summary>Since when the applicant has been waiting for the team: a call asked for, a reply, no channel that reaches them.</summary>
    Attention,
}
