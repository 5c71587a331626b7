using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Records;

public sealed record ExportedJourney(
    string JourneyId, string LocalAuthority, string Stage, string Status, DateTimeOffset ReceivedAt, string Channel,
    Applicant Applicant, Consent Consent, IReadOnlyList<HouseholdMemberResponse> Household, IReadOnlyList<MilestoneResponse> Milestones,
    IReadOnlyList<DeadlineResponse> Deadlines, IReadOnlyList<HistoryResponse> History, IReadOnlyList<ExportedMessage> Messages,
    string? WithdrawalReason, IReadOnlyList<string> Flags, BuddyPairing? Buddy, HubHandOff? Hub, DateTimeOffset? RetainUntil)
{
    /// <summary>When the applicant opened their status page (it is their record).</summary>
    public IReadOnlyList<DateTimeOffset> StatusPageViews { get; init; } = [];
}
