using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Intake;

public sealed record ApplicantRequest(
    string? FirstName,
    string? LastName,
    string? Email,
    string? Phone,
    string? Postcode,
    string? PreferredChannel,
    string? PreferredContactFrom);

public sealed record ConsentRequest(bool? Sms, bool? Email);

/// <summary>The body of <c>POST /api/enquiries</c>.</summary>
public sealed record EnquiryRequest(
    string? LocalAuthority,
    string? Channel,
    DateTimeOffset? ReceivedAt,
    ApplicantRequest? Applicant,
    ConsentRequest? Consent);

/// <summary>Checks an enquiry field by field; every problem is reported at once, under the field's JSON path.</summary>
public static partial class EnquiryValidation
{
    /// <summary>How an enquiry reached the council.</summary>
    public static readonly IReadOnlyList<string> Channels = ["phone", "email", "web", "text", "social", "event"];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static Dictionary<string, string[]> Validate(EnquiryRequest request, DateTimeOffset now, Func<string, bool> councilExists)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(request.LocalAuthority))
        {
            Add("localAuthority", "The council is required.");
        }
        else if (!councilExists(request.LocalAuthority))
        {
            Add("localAuthority", $"'{request.LocalAuthority}' is not a council this service runs.");
        }

        if (string.IsNullOrWhiteSpace(request.Channel) || !Channels.Contains(request.Channel, StringComparer.OrdinalIgnoreCase))
        {
            Add("channel", $"The channel is required: one of {string.Join(", ", Channels)}.");
        }

        if (request.ReceivedAt > now + ClockSkew)
        {
            Add("receivedAt", "An enquiry cannot be received in the future.");
        }

        if (request.Applicant is not { } applicant)
        {
            Add("applicant", "The applicant is required.");
        }
        else
        {
            ValidateName(applicant.FirstName, "applicant.firstName", Add);
            ValidateName(applicant.LastName, "applicant.lastName", Add);
            if (string.IsNullOrWhiteSpace(applicant.Email) && string.IsNullOrWhiteSpace(applicant.Phone))
            {
                Add("applicant.email", "An email address or a phone number is required to reply to the enquirer.");
            }

            if (!string.IsNullOrWhiteSpace(applicant.Email) && !IsEmail(applicant.Email))
            {
                Add("applicant.email", "This is not an email address.");
            }

            if (!string.IsNullOrWhiteSpace(applicant.Phone) && NormalisePhone(applicant.Phone) is null)
            {
                Add("applicant.phone", "This is not a UK phone number.");
            }

            if (!string.IsNullOrWhiteSpace(applicant.Postcode) && NormalisePostcode(applicant.Postcode) is null)
            {
                Add("applicant.postcode", "This is not a UK postcode.");
            }

            if (applicant.PreferredChannel is { } preferred && preferred is not ("sms" or "email"))
            {
                Add("applicant.preferredChannel", "The preferred channel is sms or email.");
            }

            if (applicant.PreferredContactFrom is { } from && !TimeOnly.TryParseExact(from, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                Add("applicant.preferredContactFrom", "A time of day as HH:mm, such as 18:00.");
            }
        }

        if (request.Consent is null)
        {
            Add("consent", "Say which channels the enquirer agreed to be contacted on: { \"sms\": true|false, \"email\": true|false }.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    public static NewJourney ToNewJourney(EnquiryRequest request, DateTimeOffset now)
    {
        var a = request.Applicant!;
        return new NewJourney(
            request.LocalAuthority!.ToLowerInvariant(),
            request.Channel!.ToLowerInvariant(),
            request.ReceivedAt ?? now,
            new Applicant(
                a.FirstName!.Trim(),
                a.LastName!.Trim(),
                string.IsNullOrWhiteSpace(a.Email) ? null : a.Email.Trim(),
                string.IsNullOrWhiteSpace(a.Phone) ? null : NormalisePhone(a.Phone),
                string.IsNullOrWhiteSpace(a.Postcode) ? null : NormalisePostcode(a.Postcode),
                a.PreferredChannel,
                a.PreferredContactFrom),
            new Consent(request.Consent!.Sms ?? false, request.Consent.Email ?? false));
    }

    /// <summary>Upper case with one space before the inward code: "sg12fq" → "SG1 2FQ"; null when not a UK postcode.</summary>
    public static string? NormalisePostcode(string postcode)
    {
        var compact = postcode.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return PostcodePattern().IsMatch(compact) ? $"{compact[..^3]} {compact[^3..]}" : null;
    }

    /// <summary>A UK number kept as the digits the person gave, spaces dropped; null when it cannot be a UK number.</summary>
    public static string? NormalisePhone(string phone)
    {
        var compact = new string([.. phone.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '(' or ')'))]);
        return UkPhonePattern().IsMatch(compact) ? compact : null;
    }

    private static void ValidateName(string? name, string field, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            add(field, "Required.");
        }
        else if (name.Length > 100)
        {
            add(field, "At most 100 characters.");
        }
    }

    private static bool IsEmail(string email) =>
        email.Length <= 254 && MailAddress.TryCreate(email.Trim(), out var address) && address.Address == email.Trim() && address.Host.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"^(\+44|0)[1-9][0-9]{8,9}$")]
    private static partial Regex UkPhonePattern();
}
