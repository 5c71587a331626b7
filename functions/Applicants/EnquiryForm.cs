using FosteringWorkflows.Journeys.Pages;
using FosteringWorkflows.Pages;

namespace FosteringWorkflows.Applicants;

/// <summary>
/// The public enquiry form as shown: the councils to choose from (and "not sure"), what was typed (kept after an error),
/// the errors linked to their fields, and the form's own key, so a second click of the same form makes one enquiry.
/// </summary>
public sealed record EnquiryForm(IReadOnlyList<FormOption> Councils, IReadOnlyDictionary<string, string> Values, IReadOnlyList<FieldError> Errors, string Submission)
{
    /// <summary>The "I'm not sure" choice of council: routed by the postcode, or to the hub's triage team.</summary>
    public const string NotSure = "not-sure";

    /// <summary>The honeypot: a field hidden from people, which only a robot fills in.</summary>
    public const string Honeypot = "website";

    public static readonly IReadOnlyList<string> Fields =
        ["council", "firstName", "lastName", "email", "phone", "postcode", "preferredChannel", "preferredContactFrom", "consentSms", "consentEmail"];

    public string Value(string name) => Values.TryGetValue(name, out var value) ? value : "";

    public string? ErrorFor(string name) => Errors.FirstOrDefault(e => e.Field == name)?.Message;
}
