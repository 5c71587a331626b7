using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// What the engine asks of the worklist: to keep each active journey's line (its clocks, checks due, panel, allocation)
/// in its council's work index, written ahead of the commit as timers are, and to drop it when the journey ends, moves
/// away or is erased. Owned here, implemented in <c>Worklist</c>, so the engine does not depend on that feature.
/// </summary>
public interface IWorkIndex
{
    /// <summary>Writes the journey's line as it stands (or drops it when the journey is no longer active); drops it from <paramref name="movedFrom"/>'s too.</summary>
    Task WriteAsync(Journey journey, CouncilPolicy policy, string? movedFrom, CancellationToken cancellationToken);

    Task RemoveAsync(string council, string journeyId, CancellationToken cancellationToken);

    /// <summary>Every active journey of these councils, a line each, by point reads of each council's rows.</summary>
    Task<IReadOnlyList<WorkItem>> ReadAsync(IEnumerable<string> councils, CancellationToken cancellationToken);
}
