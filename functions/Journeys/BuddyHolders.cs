using FosteringWorkflows.Councils;

namespace FosteringWorkflows.Journeys;

/// <summary>A buddy's place is held by a journey that, as stored, is active in the buddy's council and paired with them.</summary>
public sealed class BuddyHolders(JourneyStore store) : IBuddyHolders
{
    public async Task<bool> HoldsAsync(string council, string buddyId, string journeyId, CancellationToken cancellationToken) =>
        await store.LoadAsync(journeyId, LoadDepth.State, cancellationToken: cancellationToken) is { Journey: var journey }
        && journey.Status == JourneyStatus.Active && journey.LocalAuthority == council && journey.Buddy?.Id == buddyId;
}
