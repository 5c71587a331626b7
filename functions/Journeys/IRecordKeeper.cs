namespace FosteringWorkflows.Journeys;

/// <summary>
/// What the engine asks of the records feature: to index a journey by its applicant's email and phone before the journey is
/// stored (so a subject access request finds it by a point read), and to purge a journey whose retention has ended.
/// Owned here, implemented in <c>Records</c>, so the engine does not depend on that feature.
/// </summary>
public interface IRecordKeeper
{
    Task IndexAsync(Journey journey, CancellationToken cancellationToken);

    Task PurgeAsync(Journey journey, CancellationToken cancellationToken);

    /// <summary>Whether a journey with this id was purged (so that a retried request does not bring it back).</summary>
    Task<bool> WasPurgedAsync(string journeyId, CancellationToken cancellationToken);
}
