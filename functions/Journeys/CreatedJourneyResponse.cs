namespace FosteringWorkflows.Journeys;

/// <summary>The answer to a new enquiry. <see cref="Flags"/> names what the team must know at once (<c>Unreachable</c>: no consented channel reaches the applicant).</summary>
public sealed record CreatedJourneyResponse(string JourneyId, string LocalAuthority, string Stage, IReadOnlyList<DeadlineResponse> Deadlines, IReadOnlyList<string> Flags);
