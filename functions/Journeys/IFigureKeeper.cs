namespace FosteringWorkflows.Journeys;

/// <summary>
/// What the engine asks of the reports feature: to fold a change's facts into the per-council figures, ahead of the commit
/// (as timers are written), each fact at most once however often the change is re-run. Owned here, implemented in
/// <c>Reports</c>, so the engine does not depend on that feature.
/// </summary>
public interface IFigureKeeper
{
    Task FoldAsync(string localAuthority, string journeyId, IReadOnlyList<Fact> facts, CancellationToken cancellationToken);

    /// <summary>Takes back facts folded ahead of a commit that never happened (the change lost a race and was refused).</summary>
    Task TakeBackAsync(string localAuthority, string journeyId, IReadOnlyList<Fact> facts, CancellationToken cancellationToken);

    /// <summary>Forgets a purged journey in the breach lists of the months its clocks started (its counts, which name no one, stay).</summary>
    Task ForgetAsync(string council, string journeyId, IEnumerable<DateOnly> months, CancellationToken cancellationToken);
}
