using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// What the engine asks of the worklist: to keep each active journey's rows (its clocks, checks due, panel, allocation)
/// in its council's work index, written ahead of the commit as timers are, and to drop them when the journey ends, moves
/// away or is erased; and the journey list by due time read from them. Owned here, implemented in <c>Worklist</c>, so the
/// engine does not depend on that feature.
/// </summary>
public interface IWorkIndex
{
    /// <summary>Writes the journey's rows as it stands (or drops them when the journey is no longer active); drops them from <paramref name="movedFrom"/>'s too.</summary>
    Task WriteAsync(Journey journey, CouncilPolicy policy, string? movedFrom, CancellationToken cancellationToken);

    Task RemoveAsync(string council, string journeyId, CancellationToken cancellationToken);

    /// <summary>
    /// Active journeys by their next running clock's due time (of the clock named), soonest first, journeys with none
    /// last: at most <see cref="WorkQuery.Size"/> + 1 of them, by range reads of each council's rows.
    /// </summary>
    Task<IReadOnlyList<WorkListing>> ListAsync(WorkQuery query, CancellationToken cancellationToken);
}
