using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// The Stage 1 checks per person, as the fostering regulations see them: each applicant (the first, and a joint applicant)
/// has the council's applicant checks; each other member of the household aged 18 or over, or turning 18 before the
/// assessment ends, has the member checks (an enhanced DBS by default). A check is in when recorded as completed or
/// marked not applicable with a reason.
/// </summary>
public static class Household
{
    /// <summary>The first applicant, who is on every journey: a check recorded without a person is theirs.</summary>
    public const string Applicant = "applicant";

    public const string JointApplicant = "JointApplicant";

    public static IReadOnlyList<string> Relationships { get; } =
        [JointApplicant, "Partner", "Child", "Parent", "Relative", "Lodger", "Other"];

    /// <summary>A household bigger than this is not a household a form records person by person; it keeps the state row bounded.</summary>
    public const int MaxMembers = 12;

    public const string Completed = "Completed";

    public const string NotApplicable = "NotApplicable";

    public const string Outstanding = "Outstanding";

    /// <summary>The person an event names, or null when the journey has no such person.</summary>
    public static string? Resolve(Journey journey, string? person) =>
        person is null or Applicant ? Applicant : journey.Household.Any(m => m.Id == person) ? person : null;

    public static IEnumerable<string> PersonIds(Journey journey) => [Applicant, .. journey.Household.Select(m => m.Id)];

    /// <summary>The milestone recording a check for a person (completed or not applicable), if any.</summary>
    public static Milestone? Recorded(Journey journey, string personId, string check) =>
        journey.Milestones.FirstOrDefault(m => m.Type is nameof(JourneyEventType.CheckCompleted) or nameof(JourneyEventType.CheckNotApplicable)
            && m.Detail == check && (m.Person ?? Applicant) == personId);

    /// <summary>
    /// When the assessment is expected to end, for who counts as an adult: the panel date once set, else the statutory
    /// panel clock's due date, else eight months from the application.
    /// </summary>
    public static DateTimeOffset AssessmentEnds(Journey journey)
    {
        if (journey.Milestones.LastOrDefault(m => m.Type == nameof(JourneyEventType.PanelDateSet))?.Detail is { } panelDate)
        {
            return DateTimeOffset.Parse(panelDate, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (journey.Deadlines.TryGetValue(ClockName.Panel, out var panel))
        {
            return panel.DueAt;
        }

        var applied = journey.Milestones.LastOrDefault(m => m.Type == nameof(JourneyEventType.ApplicationReceived))?.At ?? journey.ReceivedAt;
        return applied.AddMonths(8);
    }

    /// <summary>Every check recorded, and every check required and not yet in, person by person.</summary>
    public static IReadOnlyList<CheckStatus> Checks(Journey journey, CouncilPolicy policy)
    {
        var calendar = policy.Calendar;
        var applied = journey.Milestones.LastOrDefault(m => m.Type == nameof(JourneyEventType.ApplicationReceived))?.At;
        var endsOn = calendar.LocalDate(AssessmentEnds(journey));
        var people = new List<(string Id, IReadOnlyList<string> Required, DateTimeOffset? Since, DateOnly? AdultFrom)>
        {
            (Applicant, policy.Policy.Required, applied, null),
        };
        foreach (var member in journey.Household)
        {
            var required = member.IsApplicant ? policy.Policy.Required
                : member.Turns18On <= endsOn ? policy.Policy.RequiredOfMembers
                : [];
            var since = applied is { } a && a > member.AddedAt ? a : member.AddedAt;
            people.Add((member.Id, required, since, member.IsApplicant || member.Turns18On <= calendar.LocalDate(member.AddedAt) ? null : member.Turns18On));
        }

        var statuses = new List<CheckStatus>();
        foreach (var (id, required, since, adultFrom) in people)
        {
            foreach (var check in Stage1Checks.All)
            {
                var isRequired = required.Contains(check, StringComparer.Ordinal);
                var recorded = Recorded(journey, id, check);
                if (recorded is not null)
                {
                    statuses.Add(new CheckStatus(id, check, isRequired, recorded.Type == nameof(JourneyEventType.CheckCompleted) ? Completed : NotApplicable,
                        recorded.At, recorded.Reason, null, isRequired ? adultFrom : null));
                }
                else if (isRequired)
                {
                    statuses.Add(new CheckStatus(id, check, true, Outstanding, null, null, DueAt(check, since, adultFrom, journey, policy), adultFrom));
                }
            }
        }

        return statuses;
    }

    /// <summary>
    /// When a required check is due: within the policy's time from the application (or from joining the household). A
    /// member who comes of age during the assessment needs it only from their 18th birthday, so it is due the policy's time
    /// after that, and by the time the assessment ends (the panel) if that is sooner.
    /// </summary>
    private static DateTimeOffset? DueAt(string check, DateTimeOffset? since, DateOnly? adultFrom, Journey journey, CouncilPolicy policy)
    {
        if (since is not { } from)
        {
            return null;
        }

        var due = policy.Policy.DueWithin(check).From(from, policy.Calendar);
        if (adultFrom is { } birthday)
        {
            // From their 18th birthday they have the policy's time for it, as the adults had from the application.
            var adult = policy.Policy.DueWithin(check).From(policy.Calendar.AtLocal(birthday, policy.Calendar.Week.DayStart), policy.Calendar);
            var ends = AssessmentEnds(journey);
            due = adult > due ? adult : due;
            due = ends < due ? ends : due;
        }

        return due;
    }

    /// <summary>The required checks not yet in.</summary>
    public static IReadOnlyList<CheckStatus> Missing(Journey journey, CouncilPolicy policy) =>
        [.. Checks(journey, policy).Where(c => c.State == Outstanding)];

    /// <summary>How a missing check is named to staff: whose, without their name ("DBS for m2 (Partner)").</summary>
    public static string Describe(Journey journey, CheckStatus check) =>
        check.PersonId == Applicant ? $"{check.Check} for the applicant"
        : $"{check.Check} for {check.PersonId} ({journey.Household.Single(m => m.Id == check.PersonId).Relationship})";
}
