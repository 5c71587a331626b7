namespace FosteringWorkflows.Journeys;

/// <summary>How a step asked of a journey ended, for the API and the pages to put in their own words.</summary>
public enum StepOutcome
{
    /// <summary>Recorded (or, for a step told twice, already so: nothing changed).</summary>
    Done,

    /// <summary>No such journey, or one the caller may not see (never told apart: that would leak existence).</summary>
    NotFound,

    /// <summary>A field is wrong for this journey (<see cref="StepResult.Field"/>, <see cref="StepResult.Message"/>).</summary>
    Invalid,

    /// <summary>The caller may see the journey but not take this step (<see cref="StepResult.Message"/>).</summary>
    Forbidden,

    /// <summary>The journey was changed by others at every try; nothing was recorded.</summary>
    Busy,

    /// <summary>The <c>Idempotency-Key</c> was used before on this journey for a different step.</summary>
    KeyReused,

    /// <summary>The step does not fit the journey as it stands (<see cref="StepResult.Refusal"/>).</summary>
    Refused,
}
