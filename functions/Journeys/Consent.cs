namespace FosteringWorkflows.Journeys;

public sealed record Consent(bool Sms, bool Email);
