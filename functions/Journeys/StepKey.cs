namespace FosteringWorkflows.Journeys;

/// <summary>
/// A step recorded with an <c>Idempotency-Key</c>: the key (hashed with the caller's name, never stored as sent) and a
/// fingerprint of the request, so a retry after a lost answer is recognised and the same key with another body is refused.
/// </summary>
public sealed record StepKey(string Key, string RequestHash);
