namespace FosteringWorkflows.Journeys;

/// <summary>How a hub handed the enquiry over: its own id for it, and where it was routed and why, as answered then.</summary>
public sealed record HubHandOff(string HubId, string HubEnquiryId, string RoutedTo, RouteReason RouteReason);
