using FosteringWorkflows.Calendar;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Notifications;

namespace FosteringWorkflows.UnitTests.Notifications;

public sealed class QuietHoursTests
{
    private static readonly WorkingCalendar London = new(BankHolidays.LoadEmbedded(), WorkingWeek.Default);
    private static readonly MessagingOptions Defaults = new();

    [Theory]
    [InlineData("2026-12-22T20:59:00+00:00", null, "2026-12-22T20:59:00+00:00")] // before quiet hours: now
    [InlineData("2026-12-22T21:00:00+00:00", null, "2026-12-23T08:00:00+00:00")] // quiet from 21:00
    [InlineData("2026-12-23T02:00:00+00:00", null, "2026-12-23T08:00:00+00:00")] // after midnight: same morning
    [InlineData("2026-12-23T08:00:00+00:00", null, "2026-12-23T08:00:00+00:00")] // quiet ends at 08:00
    [InlineData("2026-10-24T22:00:00+00:00", null, "2026-10-25T08:00:00+00:00")] // 23:00 BST Saturday → 08:00 GMT Sunday (clocks went back)
    [InlineData("2026-03-28T21:30:00+00:00", null, "2026-03-29T07:00:00+00:00")] // 21:30 GMT Saturday → 08:00 BST Sunday (clocks went forward)
    [InlineData("2026-12-22T10:00:00+00:00", "18:00", "2026-12-22T18:00:00+00:00")] // preferred contact time later that day
    [InlineData("2026-12-22T19:00:00+00:00", "18:00", "2026-12-22T19:00:00+00:00")] // already past it: now
    [InlineData("2026-12-22T22:00:00+00:00", "18:00", "2026-12-23T18:00:00+00:00")] // quiet, then the preferred time next day
    [InlineData("2026-12-22T10:00:00+00:00", "22:30", "2026-12-23T08:00:00+00:00")] // a preference inside quiet hours: the first allowed time after it
    [InlineData("2026-12-22T18:30:00+00:00", "21:00", "2026-12-23T08:00:00+00:00")] // an enquiry at 18:30 preferring 21:00 onwards: not at 18:30
    [InlineData("2026-12-22T23:30:00+00:00", "21:00", "2026-12-23T08:00:00+00:00")] // past the preference, in quiet hours: the morning
    public void TextSendTime_QuietHoursAndPreferredTime_GivesTheNextAllowedInstant(string now, string? preferred, string expected)
    {
        var at = MessageComposer.TextSendTime(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Defaults, preferred, London);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
    }

    [Fact]
    public void TextSendTime_DaytimeQuietHours_WorkWithoutCrossingMidnight()
    {
        var lunch = new MessagingOptions { QuietHoursStart = "12:00", QuietHoursEnd = "13:00" };

        var at = MessageComposer.TextSendTime(new DateTimeOffset(2026, 12, 22, 12, 30, 0, TimeSpan.Zero), lunch, null, London);

        Assert.Equal(new DateTimeOffset(2026, 12, 22, 13, 0, 0, TimeSpan.Zero), at);
    }
}
