using FosteringWorkflows.Intake;

namespace FosteringWorkflows.Hub;

/// <summary>The body a hub sends. Unknown fields are ignored.</summary>
public sealed record HubEnquiryRequest(
    string? HubEnquiryId,
    DateTimeOffset? ReceivedAt,
    string? PreferredLocalAuthority,
    ApplicantRequest? Applicant,
    ConsentRequest? Consent);
