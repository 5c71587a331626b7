namespace FosteringWorkflows.Records;

/// <summary>Everything held about one person, as a subject access request is answered.</summary>
public sealed record PersonExport(DateTimeOffset ProducedAt, string LookedUpBy, IReadOnlyList<ExportedJourney> Journeys);
