namespace FosteringWorkflows.Worklist;

/// <summary>One line of a worklist section: whose journey (and its council's id), which council by name, what is due, by when, and anything else to know.</summary>
public sealed record WorkRow(string JourneyId, string CouncilId, string Applicant, string Council, string What, string When, string? Note = null);
