using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Intake;

/// <summary>
/// What taking an enquiry came to: the journey (new, or the one an earlier try with the same key made), or why not:
/// field errors, a key the caller may not use for that council, a key reused for another enquiry, or a purged enquiry.
/// </summary>
public sealed record IntakeOutcome(Journey? Journey, Dictionary<string, string[]>? Errors = null, bool Forbidden = false, bool KeyReused = false, bool Purged = false);
