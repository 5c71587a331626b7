using System.Globalization;
using System.Text.RegularExpressions;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Notifications;

/// <summary>
/// Turns a journey's moments into outbox messages: who gets it, on which channel, with which words.
/// Templates use GOV.UK Notify's <c>((placeholder))</c> syntax so the same text can move to Notify unchanged.
/// </summary>
public sealed partial class MessageComposer(CouncilDirectory councils)
{
    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        ["enquiry-acknowledgement"] =
            "Hello ((firstName)), thank you for your enquiry about fostering with ((council)). "
            + "A member of our fostering team will contact you by ((respondBy)). If you need us sooner, call ((contactPhone)).",
        ["initial-visit-reminder"] =
            "Hello ((firstName)), this is a reminder that your initial visit from ((council))'s fostering team is on ((visitAt)). "
            + "If you need to change it, call ((contactPhone)).",
        ["keep-in-touch"] =
            "Hello ((firstName)), your fostering application with ((council)) is progressing through its checks. "
            + "We will be in touch this week; you can call us on ((contactPhone)) at any time.",
        ["withdrawal-closing"] =
            "Hello ((firstName)), as agreed we have closed your fostering enquiry with ((council)). "
            + "Thank you for your interest. If you would like to talk to us again, call ((contactPhone)).",
        ["staff-enquiry-routed"] =
            "New enquiry for ((council)): journey ((journeyId)), routed by ((reason)). The first response is due by ((respondBy)). ((link))",
        ["staff-deadline-warning"] =
            "Due soon: the ((clock)) clock for journey ((journeyId)) (((council))) is due by ((dueAt)). ((link))",
        ["staff-deadline-breached"] =
            "Overdue: the ((clock)) clock for journey ((journeyId)) (((council))) was due by ((dueAt)) and has not been met. ((link))",
        ["staff-deadline-escalated"] =
            "Escalation: the ((clock)) clock for journey ((journeyId)) (((council))) has been overdue since ((dueAt)). ((link))",
    };

    /// <summary>A message to the applicant on the channel they prefer and consented to; null when none is open to us.</summary>
    public OutboxMessage? ToApplicant(Journey journey, string purpose, string template, DateTimeOffset now, IReadOnlyDictionary<string, string>? values = null)
    {
        var (channel, to) = ApplicantChannel(journey);
        if (channel is null || to is null)
        {
            return null;
        }

        var council = councils.Get(journey.LocalAuthority);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["firstName"] = journey.Applicant.FirstName,
            ["council"] = council.Name,
            ["contactPhone"] = council.ContactPhone,
        };
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            fields[key] = value;
        }

        return new OutboxMessage(journey.Id, purpose, MessageKind.Applicant, channel, to, template, Render(template, fields), now);
    }

    /// <summary>A staff alert about a clock: warnings and breaches to the team, escalations to the manager.</summary>
    public OutboxMessage StaffAlert(Journey journey, Deadline deadline, string stage, DateTimeOffset now, Uri journeyLink)
    {
        var purpose = stage switch
        {
            "warning" => $"warn-{deadline.Clock}",
            "breached" => $"breach-{deadline.Clock}",
            _ => $"escalate-{deadline.Clock}",
        };
        return ToTeam(journey, purpose, $"staff-deadline-{stage}", now, journeyLink, toManager: stage == "escalated", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["clock"] = deadline.Clock.ToString(),
            ["dueAt"] = FormatLocal(deadline.DueAt, councils.ZoneOf(journey.LocalAuthority)),
        });
    }

    /// <summary>An email to the owning team's mailbox (or its manager), naming the journey and linking to it; never the applicant's details.</summary>
    public OutboxMessage ToTeam(Journey journey, string purpose, string template, DateTimeOffset now, Uri journeyLink, bool toManager, IReadOnlyDictionary<string, string> values)
    {
        var council = councils.Get(journey.LocalAuthority);
        var to = toManager && !string.IsNullOrWhiteSpace(council.ManagerEmail) ? council.ManagerEmail : council.TeamEmail;
        var fields = new Dictionary<string, string>(values, StringComparer.Ordinal)
        {
            ["journeyId"] = journey.Id,
            ["council"] = council.Name,
            ["link"] = journeyLink.ToString(),
        };
        return new OutboxMessage(journey.Id, purpose, MessageKind.StaffAlert, "email", to, template, Render(template, fields), now);
    }

    public static string FormatLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    internal static string Render(string template, IReadOnlyDictionary<string, string> fields)
    {
        var text = Templates[template];
        return Placeholder().Replace(text, m => fields.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"Template {template} needs (({m.Groups[1].Value}))."));
    }

    private static (string? Channel, string? To) ApplicantChannel(Journey journey)
    {
        var applicant = journey.Applicant;
        var sms = journey.Consent.Sms && !string.IsNullOrWhiteSpace(applicant.Phone) ? applicant.Phone : null;
        var email = journey.Consent.Email && !string.IsNullOrWhiteSpace(applicant.Email) ? applicant.Email : null;
        var prefersSms = string.Equals(applicant.PreferredChannel, "sms", StringComparison.OrdinalIgnoreCase);
        if (prefersSms && sms is not null)
        {
            return ("sms", sms);
        }

        if (email is not null)
        {
            return ("email", email);
        }

        return sms is not null ? ("sms", sms) : (null, null);
    }

    [GeneratedRegex(@"\(\(([A-Za-z]+)\)\)")]
    private static partial Regex Placeholder();
}
