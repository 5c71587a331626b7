using System.Globalization;
using System.Net;
using System.Text;

namespace FosteringWorkflows.Records;

/// <summary>A subject access export as a page a person can read and print: plain HTML, every value encoded.</summary>
public static class ExportPage
{
    public static string Render(PersonExport export)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Your information held by the fostering service</title>")
            .Append("<style>body{font-family:Arial,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.4}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{border-bottom:1px solid #b1b4b6;padding:.4rem;text-align:left;vertical-align:top}caption{font-weight:bold;text-align:left;padding:.4rem 0}pre{white-space:pre-wrap;margin:0;font-family:inherit}</style>")
            .Append("</head><body><main>")
            .Append("<h1>Your information held by the fostering service</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>Produced on {E(export.ProducedAt.ToString("dddd d MMMM yyyy 'at' HH:mm 'UTC'", CultureInfo.GetCultureInfo("en-GB")))}, found by your {E(export.LookedUpBy)}.</p>");
        foreach (var j in export.Journeys)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>Enquiry {E(j.JourneyId)} with {E(j.LocalAuthority)}</h2>");
            Table(html, "Your details", ["Item", "Value"],
            [
                ["First name", j.Applicant.FirstName], ["Last name", j.Applicant.LastName], ["Email", j.Applicant.Email], ["Phone", j.Applicant.Phone],
                ["Postcode", j.Applicant.Postcode], ["Preferred channel", j.Applicant.PreferredChannel], ["Preferred contact from", j.Applicant.PreferredContactFrom],
                ["Texts agreed", j.Consent.Sms ? "Yes" : "No"], ["Emails agreed", j.Consent.Email ? "Yes" : "No"],
                ["Received", Time(j.ReceivedAt)], ["How it came", j.Channel], ["Stage", j.Stage], ["Status", j.Status],
                ["Withdrawal reason code", j.WithdrawalReason], ["Kept until", j.RetainUntil is { } until ? Time(until) : "while the application is open"],
                ["Came through", j.Hub is { } hub ? $"{hub.HubId} (their reference {hub.HubEnquiryId})" : null],
                ["Peer buddy", j.Buddy?.Name], ["Notes on your details", string.Join(", ", j.Flags)],
            ]);
            if (j.Household.Count > 0)
            {
                Table(html, "Your household", ["Person", "First name", "Relationship", "Date of birth"],
                    [.. j.Household.Select(m => new[] { m.PersonId, m.FirstName, m.Relationship, m.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })]);
            }

            Table(html, "Steps", ["When", "Step", "Detail", "Person", "Reason"],
                [.. j.Milestones.Select(m => new[] { Time(m.At), m.Type, m.Detail, m.Person, m.Reason })]);
            Table(html, "Time limits", ["Time limit", "Started", "Due", "State", "Met"],
                [.. j.Deadlines.Select(d => new[] { d.Clock, Time(d.StartedAt), Time(d.DueAt), d.State, d.MetAt is { } met ? Time(met) : null })]);
            Table(html, "What happened", ["When", "What", "Recorded by", "Details"],
                [.. j.History.Select(h => new[] { Time(h.At), h.Type, h.Actor, h.Data?.ToString() })]);
            Table(html, "Messages", ["Created", "Kind", "Channel", "To", "Message", "Status", "Sent", "Delivered"],
                [.. j.Messages.Select(m => new[]
                {
                    Time(m.CreatedAt), m.Kind, m.Channel, m.To, (m.Subject is null ? "" : m.Subject + "\n\n") + m.Body, m.Status,
                    m.SentAt is { } sent ? Time(sent) : null, m.DeliveredAt is { } delivered ? Time(delivered) : null,
                })]);
        }

        return html.Append("</main></body></html>").ToString();
    }

    private static void Table(StringBuilder html, string caption, string[] headers, IEnumerable<string?[]> rows)
    {
        html.Append(CultureInfo.InvariantCulture, $"<table><caption>{E(caption)}</caption><thead><tr>");
        foreach (var header in headers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{E(header)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td><pre>{E(cell)}</pre></td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    private static string Time(DateTimeOffset at) => at.ToString("d MMM yyyy HH:mm zzz", CultureInfo.GetCultureInfo("en-GB"));

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
}
