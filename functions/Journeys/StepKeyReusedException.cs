namespace FosteringWorkflows.Journeys;

/// <summary>An <c>Idempotency-Key</c> already used on this journey for a different step: nothing was recorded.</summary>
public sealed class StepKeyReusedException() : Exception("This Idempotency-Key was first used for a different step; nothing was recorded. Use a new key for a new step.");
