namespace FosteringWorkflows.Councils;

/// <summary>
/// What a buddy's places are checked against: whether the journey, as stored, is active in the council and paired with
/// the buddy. The journey's own commit is where a pairing is made or ended; a place is only a reservation ahead of it.
/// </summary>
public interface IBuddyHolders
{
    Task<bool> HoldsAsync(string council, string buddyId, string journeyId, CancellationToken cancellationToken);
}
