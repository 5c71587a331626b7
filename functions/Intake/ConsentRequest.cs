namespace FosteringWorkflows.Intake;

public sealed record ConsentRequest(bool? Sms, bool? Email);
