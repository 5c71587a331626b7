using Microsoft.Extensions.Options;
using System.Globalization;
using FosteringWorkflows.Calendar;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// Turns a journey's moments into outbox messages: who gets it, on which channel, when, and with which words
/// (from the <see cref="TemplateBook"/>). Texts respect quiet hours and the applicant's preferred contact time.
/// </summary>
public sealed class MessageComposer(CouncilDirectory councils, IOptions<CouncilMessagingOptions> messaging, TemplateBook templates)
{
    /// <summary>Journey flag: the applicant's number cannot take texts, so email is used.</summary>
    public const string PhoneNotTextable = "PhoneNotTextable";

    /// <summary>A message to the applicant on the channel they prefer and consented to; null when none is open to us.</summary>
    public OutboxMessage? ToApplicant(
        Journey journey, string purpose, string template, DateTimeOffset now, WorkingCalendar calendar,
        IReadOnlyDictionary<string, string>? values = null, MessageChannel? onlyChannel = null)
    {
        var (channel, to) = ApplicantChannel(journey, onlyChannel);
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

        // The personal link to the status page, always the current one (a message sent again after a correction carries the
        // new link), goes in as the message leaves (StatusLinks): the stored message holds a marker.
        fields["statusLink"] = StatusLinks.Marker(journey.LinkGeneration);

        var notBefore = channel == MessageChannel.Sms ? TextSendTime(now, messaging.Value.For(journey.LocalAuthority), journey.Applicant.PreferredContactFrom, calendar) : now;
        return Build(journey, purpose, MessageKind.Applicant, channel.Value, to, template, fields, now, notBefore);
    }

    /// <summary>A staff alert about a clock: warnings and breaches to the team, escalations to the manager.</summary>
    /// <summary>
    /// A clock's alert to the team (and the allocated worker): the clock in words, when it is due and the time left in its
    /// own unit, what to do, and the link to the journey's page.
    /// </summary>
    public IEnumerable<OutboxMessage> StaffAlert(Journey journey, Deadline deadline, ClockAlert alert, DateTimeOffset now, Uri journeyLink, CouncilPolicy policy)
    {
        var calendar = policy.Calendar;
        var purpose = alert switch
        {
            ClockAlert.Warning => $"warn-{deadline.Clock}",
            ClockAlert.Breached => $"breach-{deadline.Clock}",
            _ => $"escalate-{deadline.Clock}",
        } + (deadline.Timing > 0 ? $"-{deadline.Timing}" : "");
        // A breach is news at any hour; a warning or an escalation waits for the team's working hours.
        var notBefore = alert == ClockAlert.Breached ? now : calendar.NextWorkingInstant(now);
        return ToTeam(journey, purpose, $"staff-deadline-{alert.TemplateWord()}", now, journeyLink, toManager: alert == ClockAlert.Escalated, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["clock"] = ClockWords.Name(deadline.Clock),
            ["dueAt"] = FormatLocal(deadline.DueAt, calendar.Week.Zone),
            ["left"] = TimeLeft.Describe(deadline.DueAt, now, policy.Policy.Clocks.TryGetValue(deadline.Clock, out var rule) ? rule.Limit.Unit : SpanUnit.Days, calendar),
            ["todo"] = ClockWords.ToDo(deadline.Clock, journey),
        }, notBefore);
    }

    /// <summary>
    /// An email to the owning team's mailbox (or its manager), and the same to the team's Teams channel where one
    /// is configured. It names the applicant as staff know them (first name, last initial) and links to the journey.
    /// </summary>
    public IEnumerable<OutboxMessage> ToTeam(
        Journey journey, string purpose, string template, DateTimeOffset now, Uri journeyLink, bool toManager, IReadOnlyDictionary<string, string> values,
        DateTimeOffset? notBefore = null)
    {
        var council = councils.Get(journey.LocalAuthority);
        var to = toManager && !string.IsNullOrWhiteSpace(council.ManagerEmail) ? council.ManagerEmail : council.TeamEmail;
        var fields = new Dictionary<string, string>(values, StringComparer.Ordinal)
        {
            ["journeyId"] = journey.Id,
            ["council"] = council.Name,
            ["link"] = journeyLink.ToString(),
            ["applicant"] = $"{journey.Applicant.FirstName} {journey.Applicant.LastName[..1]}.",
        };
        yield return Build(journey, purpose, MessageKind.StaffAlert, MessageChannel.Email, to, template, fields, now, notBefore ?? now);
        if (journey.AllocatedTo is { } worker && !string.Equals(worker, to, StringComparison.OrdinalIgnoreCase) && SameMailDomain(worker, council.TeamEmail))
        {
            // The allocated worker is told as well as the team (their sign-in id is their work email), only at the council's
            // own mail domain: an alert names the applicant and how to reach them.
            yield return Build(journey, $"{purpose}-allocated", MessageKind.StaffAlert, MessageChannel.Email, worker, template, fields, now, notBefore ?? now);
        }

        if (messaging.Value.For(journey.LocalAuthority).TeamsWebhookUrl is { } teams)
        {
            yield return Build(journey, $"{purpose}-teams", MessageKind.StaffAlert, MessageChannel.Teams, teams.ToString(), template, fields, now, notBefore ?? now);
        }
    }

    private static bool SameMailDomain(string address, string teamEmail) =>
        address.LastIndexOf('@') is var at and > 0 && teamEmail.LastIndexOf('@') is var teamAt and > 0
        && string.Equals(address[at..], teamEmail[teamAt..], StringComparison.OrdinalIgnoreCase);

    public static string FormatLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>
    /// When a text may go: not in quiet hours (which may cross midnight) and, where the applicant gave one, not
    /// before their preferred contact time that day; a preferred time inside quiet hours holds the text to the first
    /// instant after it that quiet hours allow (the next morning), never to before it.
    /// </summary>
    public static DateTimeOffset TextSendTime(DateTimeOffset now, MessagingOptions messaging, string? preferredFrom, WorkingCalendar calendar)
    {
        var quietStart = TimeOnly.Parse(messaging.QuietHoursStart, CultureInfo.InvariantCulture);
        var quietEnd = TimeOnly.Parse(messaging.QuietHoursEnd, CultureInfo.InvariantCulture);
        bool Quiet(TimeOnly t) => quietStart > quietEnd ? t >= quietStart || t < quietEnd : t >= quietStart && t < quietEnd;
        TimeOnly LocalTime(DateTimeOffset instant) => TimeOnly.FromDateTime(calendar.ToZone(instant).DateTime);

        var preferred = TimeOnly.TryParse(preferredFrom, CultureInfo.InvariantCulture, out var from);
        var at = now;
        if (preferred && Quiet(from) && LocalTime(at) < from)
        {
            at = calendar.AtLocal(calendar.LocalDate(at), from); // held to the preference today, then past the quiet hours
        }

        if (Quiet(LocalTime(at)))
        {
            at = calendar.NextLocalTime(at, quietEnd);
        }

        if (preferred && !Quiet(from) && LocalTime(at) < from)
        {
            at = calendar.AtLocal(calendar.LocalDate(at), from);
        }

        return at;
    }

    private OutboxMessage Build(
        Journey journey, string purpose, MessageKind kind, MessageChannel channel, string to, string templateName,
        Dictionary<string, string> fields, DateTimeOffset now, DateTimeOffset notBefore)
    {
        var template = templates.Get(journey.LocalAuthority, templateName, channel);
        if (channel == MessageChannel.Teams)
        {
            // Teams reads Markdown: what the fields hold (an applicant's name, a reason) shows as typed; the link is ours.
            fields = fields.ToDictionary(f => f.Key, f => f.Key == "link" ? f.Value : Text.ForMarkdown(f.Value), StringComparer.Ordinal);
        }

        // A subject is a header line: whatever a field holds, it cannot start another header.
        var subject = template.Subject is null ? null : Text.ForHeader(TemplateBook.Fill(template.Subject, fields));
        var used = template.Placeholders.ToHashSet(StringComparer.Ordinal);
        return new OutboxMessage(journey.Id, purpose, kind, channel, to, templateName, TemplateBook.Fill(template.Body, fields), now)
        {
            Subject = subject,
            NotBefore = notBefore,
            Fields = fields.Where(f => used.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
            Council = journey.LocalAuthority,
        };
    }

    /// <summary>Whether any consented channel reaches the applicant.</summary>
    public static bool CanReach(Journey journey) => ApplicantChannel(journey, null).Channel is not null;

    private static (MessageChannel? Channel, string? To) ApplicantChannel(Journey journey, MessageChannel? onlyChannel)
    {
        var applicant = journey.Applicant;
        var textable = !journey.Flags.Contains(PhoneNotTextable);
        var sms = journey.Consent.Sms && textable && !string.IsNullOrWhiteSpace(applicant.Phone) ? applicant.Phone : null;
        var email = journey.Consent.Email && !string.IsNullOrWhiteSpace(applicant.Email) ? applicant.Email : null;
        if (onlyChannel == MessageChannel.Email)
        {
            return email is null ? (null, null) : (MessageChannel.Email, email);
        }

        if (MessageChannels.Preferred(applicant.PreferredChannel) == MessageChannel.Sms && sms is not null)
        {
            return (MessageChannel.Sms, sms);
        }

        if (email is not null)
        {
            return (MessageChannel.Email, email);
        }

        return sms is not null ? (MessageChannel.Sms, sms) : (null, null);
    }
}
