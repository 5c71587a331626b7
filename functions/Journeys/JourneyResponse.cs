using FosteringWorkflows.Councils;

namespace FosteringWorkflows.Journeys;

public sealed record JourneyResponse(
    string JourneyId,
    string LocalAuthority,
    string Stage,
    string Status,
    string PolicyVersion,
    string Channel,
    DateTimeOffset ReceivedAt,
    Applicant Applicant,
    Consent Consent,
    IReadOnlyList<MilestoneResponse> Milestones,
    IReadOnlyList<DeadlineResponse> Deadlines,
    IReadOnlyList<NudgeResponse> Nudges,
    IReadOnlyList<HistoryResponse> History,
    string? WithdrawalReason,
    IReadOnlyList<HouseholdMemberResponse> Household,
    IReadOnlyList<CheckResponse> Checks,
    IReadOnlyList<CheckResponse> OutstandingChecks,
    BuddyPairing? Buddy,
    HubHandOff? Hub,
    IReadOnlyList<string> Flags,
    IReadOnlyList<MessageResponse> Messages,
    string? AllocatedTo);
