namespace FosteringWorkflows.Hub;

/// <summary>All a hub learns: the journey, where it went and why. Nothing about the applicant comes back.</summary>
public sealed record HubAnswer(string JourneyId, string RoutedTo, string RouteReason);
