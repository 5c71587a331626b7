using System.Text;
using FosteringWorkflows.Calendar;

namespace FosteringWorkflows.UnitTests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly BankHolidays Holidays = BankHolidays.LoadEmbedded();
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static WorkingCalendar For(HolidayDivision division) => new(Holidays, WorkingWeek.Default with { Holidays = division });

    private static DateTimeOffset London(int y, int mo, int d, int h, int mi = 0)
    {
        var local = new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    [Fact]
    public void AddWorkingTime_ChristmasEve2026TwoHours_IsTuesday29December0930()
    {
        var due = For(HolidayDivision.EnglandAndWales).AddWorkingTime(London(2026, 12, 24, 15, 30), TimeSpan.FromHours(2));

        Assert.Equal(London(2026, 12, 29, 9, 30), due);
    }

    [Fact]
    public void AddWorkingTime_OverSpringForward_KeepsLocalNineToFive()
    {
        // BST starts Sunday 29 March 2026: Friday 16:00 GMT + 2 working hours is Monday 10:00 BST (09:00 UTC).
        var due = For(HolidayDivision.EnglandAndWales).AddWorkingTime(London(2026, 3, 27, 16, 0), TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2026, 3, 30, 10, 0, 0, TimeSpan.FromHours(1)), due);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.Zero), due.ToUniversalTime());
    }

    [Fact]
    public void AddWorkingTime_OverFallBack_KeepsLocalNineToFive()
    {
        // BST ends Sunday 25 October 2026: Friday 16:30 BST + 1 working hour is Monday 09:30 GMT.
        var due = For(HolidayDivision.EnglandAndWales).AddWorkingTime(London(2026, 10, 23, 16, 30), TimeSpan.FromHours(1));

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 9, 30, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void AddWorkingTime_Scotland2January_IsAHolidayOnlyInScotland()
    {
        var start = London(2025, 12, 31, 16, 0);

        Assert.Equal(London(2026, 1, 2, 10, 0), For(HolidayDivision.EnglandAndWales).AddWorkingTime(start, TimeSpan.FromHours(2)));
        Assert.Equal(London(2026, 1, 5, 10, 0), For(HolidayDivision.Scotland).AddWorkingTime(start, TimeSpan.FromHours(2)));
    }

    [Theory]
    [InlineData("2026-11-30", HolidayDivision.Scotland, true)] // St Andrew's Day
    [InlineData("2026-11-30", HolidayDivision.EnglandAndWales, false)]
    [InlineData("2026-04-06", HolidayDivision.Scotland, false)] // Easter Monday is not a Scottish bank holiday
    [InlineData("2026-04-06", HolidayDivision.EnglandAndWales, true)]
    [InlineData("2026-08-03", HolidayDivision.Scotland, true)] // Scotland's summer holiday is the first Monday
    [InlineData("2026-08-31", HolidayDivision.Scotland, false)]
    [InlineData("2026-07-13", HolidayDivision.NorthernIreland, true)] // 12 July on a Sunday moves to Monday
    [InlineData("2026-12-28", HolidayDivision.EnglandAndWales, true)] // Boxing Day on Saturday: substitute Monday
    [InlineData("2022-06-03", HolidayDivision.EnglandAndWales, true)] // Platinum Jubilee: only the snapshot knows
    [InlineData("2022-05-30", HolidayDivision.EnglandAndWales, false)] // the spring holiday moved that year
    [InlineData("2027-12-27", HolidayDivision.EnglandAndWales, true)] // Christmas on Saturday
    [InlineData("2027-12-28", HolidayDivision.EnglandAndWales, true)]
    [InlineData("2031-04-14", HolidayDivision.EnglandAndWales, true)] // beyond the snapshot: Easter Monday by rule
    [InlineData("2032-12-27", HolidayDivision.EnglandAndWales, true)] // beyond the snapshot: Christmas on a Saturday
    [InlineData("2032-12-28", HolidayDivision.EnglandAndWales, true)]
    public void IsHoliday_KnownDays_MatchGovUk(string date, HolidayDivision division, bool expected)
    {
        Assert.Equal(expected, Holidays.IsHoliday(division, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(2019)]
    [InlineData(2021)]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    [InlineData(2027)]
    public void ByRule_OrdinaryYears_MatchTheSnapshot(int year)
    {
        foreach (var division in Enum.GetValues<HolidayDivision>())
        {
            var snapshot = Enumerable.Range(0, 366).Select(i => new DateOnly(year, 1, 1).AddDays(i))
                .Where(d => d.Year == year && Holidays.IsHoliday(division, d));
            Assert.Equal(snapshot, BankHolidays.ByRule(division, year));
        }
    }

    [Fact]
    public void Load_GovUkFormat_ReadsEachDivision()
    {
        const string json = """
            { "england-and-wales": { "division": "england-and-wales", "events": [
                { "title": "Made-up day", "date": "2026-06-10", "notes": "", "bunting": true } ] },
              "scotland": { "division": "scotland", "events": [
                { "title": "Another", "date": "2026-06-11", "notes": "", "bunting": false } ] } }
            """;
        var holidays = BankHolidays.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.True(holidays.IsHoliday(HolidayDivision.EnglandAndWales, new DateOnly(2026, 6, 10)));
        Assert.False(holidays.IsHoliday(HolidayDivision.EnglandAndWales, new DateOnly(2026, 12, 25)));
        Assert.True(holidays.IsHoliday(HolidayDivision.Scotland, new DateOnly(2026, 6, 11)));
        // A division the file lacks falls back to the rules.
        Assert.True(holidays.IsHoliday(HolidayDivision.NorthernIreland, new DateOnly(2026, 3, 17)));
    }

    [Fact]
    public void EndOfWorkingDaysAfter_FiveFromMondayWithBankHoliday_SkipsTheHoliday()
    {
        // Monday 24 Aug 2026; Monday 31 Aug is the summer bank holiday, so the 5th working day is Tuesday 1 Sep.
        var due = For(HolidayDivision.EnglandAndWales).EndOfWorkingDaysAfter(London(2026, 8, 24, 11, 0), 5);

        Assert.Equal(London(2026, 9, 1, 17, 0), due);
    }

    [Fact]
    public void AddCalendarDays_OverSpringForward_KeepsWallClockTime()
    {
        var due = For(HolidayDivision.EnglandAndWales).AddCalendarDays(London(2026, 3, 25, 10, 0), 7);

        Assert.Equal(new DateTimeOffset(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(1)), due);
    }

    [Fact]
    public void WorkingTimeBetween_OverAWeekend_CountsOnlyOpenHours()
    {
        var calendar = For(HolidayDivision.EnglandAndWales);

        Assert.Equal(TimeSpan.FromHours(3), calendar.WorkingTimeBetween(London(2026, 11, 27, 15, 0), London(2026, 11, 30, 10, 0)));
    }

    [Fact]
    public void AddWorkingTime_StartOutsideHours_StartsAtNextOpening()
    {
        var due = For(HolidayDivision.EnglandAndWales).AddWorkingTime(London(2026, 11, 23, 20, 0), TimeSpan.FromMinutes(30));

        Assert.Equal(London(2026, 11, 24, 9, 30), due);
    }
}
