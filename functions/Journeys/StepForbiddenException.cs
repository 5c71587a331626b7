namespace FosteringWorkflows.Journeys;

/// <summary>The caller may see the journey but not take this step (move it where it asked).</summary>
public sealed class StepForbiddenException(string message) : Exception(message);
