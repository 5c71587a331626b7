namespace FosteringWorkflows.Intake;

/// <summary>The body of <c>POST /api/enquiries</c>.</summary>
public sealed record EnquiryRequest(
    string? LocalAuthority,
    string? Channel,
    DateTimeOffset? ReceivedAt,
    ApplicantRequest? Applicant,
    ConsentRequest? Consent);
