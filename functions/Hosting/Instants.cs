using System.Globalization;
using System.Text.RegularExpressions;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// The one rule for instants that callers send, used by every entry point (intake, the hub, journey events, the
/// simulated clock): a date-time always carries its offset (<c>Z</c> or <c>±hh:mm</c>), since a bare 10:00 is 10:00
/// in winter and 11:00 BST in summer; and each kind of instant lies within the bounds it can have in real life.
/// </summary>
public static partial class Instants
{
    /// <summary>How far ahead of this service's clock a caller's clock may run.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The oldest enquiry that can be recorded now (a late record of last year's event, at most).</summary>
    public static readonly TimeSpan OldestEnquiry = TimeSpan.FromDays(366);

    /// <summary>How far ahead a visit or a panel can be booked.</summary>
    public static readonly TimeSpan FurthestBooking = TimeSpan.FromDays(2 * 366);

    public const string Format = "A date-time with offset, such as 2027-03-01T10:00:00+00:00.";

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && WithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>When an enquiry was received: not in the future, not more than a year ago.</summary>
    public static string? CheckReceivedAt(DateTimeOffset value, DateTimeOffset now) =>
        value > now + ClockSkew ? "An enquiry cannot be received in the future."
        : value < now - OldestEnquiry ? $"An enquiry received more than a year ago ({(now - OldestEnquiry):yyyy-MM-dd}) cannot be recorded now."
        : null;

    /// <summary>When a step of a journey happened: not before the journey's latest recorded step, not in the future.</summary>
    public static string? CheckOccurredAt(DateTimeOffset value, DateTimeOffset lastRecorded, DateTimeOffset now) =>
        value > now + ClockSkew ? "An event cannot be recorded as happening in the future."
        : value < lastRecorded ? $"An event cannot be dated before the journey's latest recorded step ({lastRecorded:O})."
        : null;

    /// <summary>A booked visit or panel: not before the enquiry, not more than two years ahead.</summary>
    public static string? CheckBooking(DateTimeOffset value, DateTimeOffset receivedAt, DateTimeOffset now) =>
        value < receivedAt ? $"Cannot be before the enquiry was received ({receivedAt:O})."
        : value > now + FurthestBooking ? "Cannot be more than two years ahead."
        : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})\z")]
    private static partial Regex WithOffset();
}
