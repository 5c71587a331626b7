namespace FosteringWorkflows.Intake;

public sealed record ApplicantRequest(
    string? FirstName,
    string? LastName,
    string? Email,
    string? Phone,
    string? Postcode,
    string? PreferredChannel,
    string? PreferredContactFrom);
