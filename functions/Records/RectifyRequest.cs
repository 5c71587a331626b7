using FosteringWorkflows.Intake;

namespace FosteringWorkflows.Records;

public sealed record RectifyRequest(ApplicantRequest? Applicant, ConsentRequest? Consent);
