namespace FosteringWorkflows.Journeys;

public sealed record Applicant(
    string FirstName,
    string LastName,
    string? Email,
    string? Phone,
    string? Postcode,
    string? PreferredChannel,
    string? PreferredContactFrom)
{
    /// <summary>The corrections that change where or how a message reaches the applicant.</summary>
    public static readonly IReadOnlyList<string> ContactFields = ["email", "phone", "consent", "preferredChannel", "preferredContactFrom"];

    /// <summary>The fields (as the API names them) that differ between two versions of the applicant's details.</summary>
    public static IEnumerable<string> ChangedFields(Applicant was, Applicant now)
    {
        if (was.FirstName != now.FirstName) yield return "firstName";
        if (was.LastName != now.LastName) yield return "lastName";
        if (was.Email != now.Email) yield return "email";
        if (was.Phone != now.Phone) yield return "phone";
        if (was.Postcode != now.Postcode) yield return "postcode";
        if (was.PreferredChannel != now.PreferredChannel) yield return "preferredChannel";
        if (was.PreferredContactFrom != now.PreferredContactFrom) yield return "preferredContactFrom";
    }
}
