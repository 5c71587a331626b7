namespace FosteringWorkflows.Journeys;

/// <summary>
/// Someone living in the applicant's household, recorded for the Stage 1 checks: first name, relationship and date of
/// birth, no more. <see cref="Id"/> (<c>m1</c>, <c>m2</c>, …) is how events name them.
/// </summary>
public sealed record HouseholdMember(string Id, string FirstName, string Relationship, DateOnly DateOfBirth, DateTimeOffset AddedAt)
{
    /// <summary>A joint applicant is assessed as an applicant; everyone else as a member of the household.</summary>
    public bool IsApplicant => Relationship == Household.JointApplicant;

    /// <summary>
    /// The day they turn 18. Someone born on 29 February comes of age on 1 March in a year without one (the day after
    /// 28 February, as the Family Law Reform Act 1969 s. 9 counts an anniversary).
    /// </summary>
    public DateOnly Turns18On => DateOfBirth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(DateOfBirth.Year + 18)
        ? new DateOnly(DateOfBirth.Year + 18, 3, 1)
        : DateOfBirth.AddYears(18);
}
