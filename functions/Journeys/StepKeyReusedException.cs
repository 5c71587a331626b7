namespace FosteringWorkflows.Journeys;

/// <summary>An <c>Idempotency-Key</c> already used on this journey for a different step: nothing was recorded.</summary>
public sealed class StepKeyReusedException() : Exception("The Idempotency-Key was first used for a different step.");
