namespace FosteringWorkflows.Journeys;

/// <summary>Someone in the household besides the first applicant: how events name them, and whether they are 18 by the assessment's end.</summary>
public sealed record HouseholdMemberResponse(string PersonId, string FirstName, string Relationship, DateOnly DateOfBirth, DateOnly Turns18On, DateTimeOffset AddedAt);
