namespace FosteringWorkflows.Journeys;

/// <summary>
/// What the engine asks of the records feature: to index a journey by its applicant's email and phone before the journey is
/// stored (so a subject access request finds it by a point read), and to purge a journey whose retention has ended.
/// Owned here, implemented in <c>Records</c>, so the engine does not depend on that feature.
/// </summary>
public interface IRecordKeeper
{
    Task IndexAsync(Journey journey, CancellationToken cancellationToken);

    /// <summary>Drops the index entries of details the journey's applicant had or was to have (<paramref name="replaced"/>) but no longer has.</summary>
    Task UnindexReplacedAsync(string journeyId, IEnumerable<Applicant> replaced, Applicant current, CancellationToken cancellationToken);

    Task PurgeAsync(Journey journey, CancellationToken cancellationToken);

    /// <summary>Whether a journey with this id was purged (so that a retried request does not bring it back).</summary>
    Task<bool> WasPurgedAsync(string journeyId, CancellationToken cancellationToken);
}
