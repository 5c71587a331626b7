using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Journeys;
using PhoneNumbers;

namespace FosteringWorkflows.Intake;

/// <summary>Checks an enquiry field by field; every problem is reported at once, under the field's JSON path.</summary>
public static partial class EnquiryValidation
{
    /// <summary>How an enquiry reached the council.</summary>
    public static readonly IReadOnlyList<string> Channels = ["phone", "email", "web", "text", "social", "event"];

    public static Dictionary<string, string[]> Validate(EnquiryRequest request, DateTimeOffset now, Func<string, bool> councilExists)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.LocalAuthority))
        {
            errors.Add("localAuthority", "The council is required.");
        }
        else if (!councilExists(request.LocalAuthority))
        {
            errors.Add("localAuthority", $"'{request.LocalAuthority}' is not a council this service runs.");
        }

        if (string.IsNullOrWhiteSpace(request.Channel) || !Channels.Contains(request.Channel, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("channel", $"The channel is required: one of {string.Join(", ", Channels)}.");
        }

        ValidateEnquirer(request.ReceivedAt, request.Applicant, request.Consent, now, errors);
        return errors.ToDictionary();
    }

    /// <summary>What every enquiry carries, from a council's form or from a hub: when, who, and their consent.</summary>
    public static void ValidateEnquirer(DateTimeOffset? receivedAt, ApplicantRequest? applicant, ConsentRequest? consent, DateTimeOffset now, FieldErrors errors)
    {
        if (receivedAt is { } received && Instants.CheckReceivedAt(received, now) is { } wrong)
        {
            errors.Add("receivedAt", wrong);
        }

        if (applicant is null)
        {
            errors.Add("applicant", "The applicant is required.");
        }
        else
        {
            ValidateName(applicant.FirstName, "applicant.firstName", errors);
            ValidateName(applicant.LastName, "applicant.lastName", errors);
            if (string.IsNullOrWhiteSpace(applicant.Email) && string.IsNullOrWhiteSpace(applicant.Phone))
            {
                errors.Add("applicant.email", "An email address or a phone number is required to reply to the enquirer.");
            }

            // Contact details take the names' rule first (no control, line-breaking or invisible characters), then their own.
            ValidateContact(applicant.Email, "applicant.email", e => IsEmail(e) ? null : "This is not an email address.", errors);
            ValidateContact(applicant.Phone, "applicant.phone", p => NormalisePhone(p) is null ? "This is not a UK phone number." : null, errors);
            ValidateContact(applicant.Postcode, "applicant.postcode", p => NormalisePostcode(p) is null ? "This is not a UK postcode." : null, errors);

            if (applicant.PreferredChannel is { } preferred && preferred is not ("sms" or "email"))
            {
                errors.Add("applicant.preferredChannel", "The preferred channel is sms or email.");
            }

            if (applicant.PreferredContactFrom is { } from && !TimeOnly.TryParseExact(from, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add("applicant.preferredContactFrom", "A time of day as HH:mm, such as 18:00.");
            }
        }

        if (consent is null)
        {
            errors.Add("consent", "Say which channels the enquirer agreed to be contacted on: { \"sms\": true|false, \"email\": true|false }.");
        }
    }

    public static NewJourney ToNewJourney(EnquiryRequest request, DateTimeOffset now) => new(
        request.LocalAuthority!.ToLowerInvariant(),
        request.Channel!.ToLowerInvariant(),
        request.ReceivedAt ?? now,
        ToApplicant(request.Applicant!),
        ToConsent(request.Consent!))
    {
        Flags = FlagsFor(ToApplicant(request.Applicant!)),
    };

    public static Consent ToConsent(ConsentRequest consent) => new(consent.Sms ?? false, consent.Email ?? false);

    public static Applicant ToApplicant(ApplicantRequest a) => new(
        a.FirstName!.Trim(),
        a.LastName!.Trim(),
        string.IsNullOrWhiteSpace(a.Email) ? null : a.Email.Trim(),
        string.IsNullOrWhiteSpace(a.Phone) ? null : NormalisePhone(a.Phone),
        string.IsNullOrWhiteSpace(a.Postcode) ? null : NormalisePostcode(a.Postcode),
        a.PreferredChannel,
        a.PreferredContactFrom);

    /// <summary>Upper case with one space before the inward code: "sg12fq" → "SG1 2FQ"; null when not a UK postcode.</summary>
    public static string? NormalisePostcode(string postcode)
    {
        var compact = postcode.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return PostcodePattern().IsMatch(compact) ? $"{compact[..^3]} {compact[^3..]}" : null;
    }

    /// <summary>A UK number in E.164 (+447911123456), as providers take it; null when it is not a UK number at all.</summary>
    public static string? NormalisePhone(string phone)
    {
        var compact = new string([.. phone.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '(' or ')'))]);
        if (compact.StartsWith("0044", StringComparison.Ordinal))
        {
            compact = "+44" + compact[4..];
        }

        if (!UkPhonePattern().IsMatch(compact))
        {
            return null;
        }

        var util = PhoneNumberUtil.GetInstance();
        return util.Format(util.Parse(compact, "GB"), PhoneNumberFormat.E164);
    }

    /// <summary>Whether a normalised number can take texts: a valid mobile number, by libphonenumber's metadata.</summary>
    public static bool IsTextable(string e164)
    {
        var util = PhoneNumberUtil.GetInstance();
        var number = util.Parse(e164, "GB");
        return util.IsValidNumber(number) && util.GetNumberType(number) is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
    }

    /// <summary>What staff should know about an applicant's details: a number that cannot take texts is emailed instead.</summary>
    public static List<string> FlagsFor(Applicant applicant) =>
        applicant.Phone is { } phone && !IsTextable(phone) ? [MessageComposer.PhoneNotTextable] : [];

    private static void ValidateName(string? name, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, "Required.");
        }
        else if (Text.ProblemWithName(name) is { } problem)
        {
            errors.Add(field, problem);
        }
    }

    private static void ValidateContact(string? value, string field, Func<string, string?> problem, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if ((Text.ProblemWithName(value) ?? problem(value)) is { } wrong)
        {
            errors.Add(field, wrong);
        }
    }

    private static bool IsEmail(string email) =>
        email.Length <= 254 && MailAddress.TryCreate(email.Trim(), out var address) && address.Address == email.Trim() && address.Host.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}\\z")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"^(\+44|0)[1-9][0-9]{8,9}\z")]
    private static partial Regex UkPhonePattern();

    /// <summary>
    /// An error's field as intake names it (<c>applicant.email</c>, <c>consent.sms</c>, <c>localAuthority</c>) as the forms
    /// name theirs (<c>email</c>, <c>consentSms</c>, <c>council</c>), so a page links each error to its field.
    /// </summary>
    public static string FormFieldOf(string apiField) => apiField switch
    {
        "localAuthority" => "council",
        "consent" or "consent.sms" => "consentSms",
        "consent.email" => "consentEmail",
        _ when apiField.StartsWith("applicant.", StringComparison.Ordinal) => apiField["applicant.".Length..],
        _ => "firstName",
    };
}
