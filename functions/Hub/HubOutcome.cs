using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Hub;

/// <summary>
/// How a hub's hand-off ended: a journey started (<c>202</c>), the journey of an earlier delivery (<c>200</c>), a preferred
/// council this service does not run (<c>422</c>), or an enquiry erased since (<c>410</c>).
/// </summary>
public sealed record HubOutcome(HubOutcomeKind Kind, Journey? Journey = null, string? UnknownCouncil = null);
