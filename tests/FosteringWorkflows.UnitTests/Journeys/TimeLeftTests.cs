using FosteringWorkflows.Calendar;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.UnitTests.Journeys;

/// <summary>Time left on a clock, in the clock's own unit, as the pages and the alerts say it.</summary>
public sealed class TimeLeftTests
{
    private static readonly WorkingCalendar Calendar = new(BankHolidays.LoadEmbedded(), WorkingWeek.Default);

    // Tuesday 29 December 2026 (Christmas and Boxing Day are bank holidays; the weekend before them is not working time).
    private static readonly DateTimeOffset Tuesday = new(2026, 12, 29, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 80, "1 working hour 20 minutes left")]
    [InlineData(0, 30, "30 minutes left")]
    [InlineData(0, 0, "due now")]
    [InlineData(180, 0, "overdue by 3 working hours")]
    public void WorkingHours_CountOnlyWorkingTime(int minutesPast, int minutesToGo, string expected)
    {
        var now = Tuesday.AddMinutes(minutesPast);
        Assert.Equal(expected, TimeLeft.Describe(Tuesday.AddMinutes(minutesToGo), now, SpanUnit.WorkingHours, Calendar));
    }

    [Fact]
    public void WorkingHours_OverAHolidayWeekend_SkipTheDaysOff()
    {
        // Thursday 24 December 16:00 to Tuesday 29 December 10:00: an hour on the 24th, an hour on the 29th.
        Assert.Equal("2 working hours left", TimeLeft.Describe(new DateTimeOffset(2026, 12, 29, 10, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 24, 16, 0, 0, TimeSpan.Zero), SpanUnit.WorkingHours, Calendar));
    }

    [Fact]
    public void WorkingDays_CountWorkingDays_AndTheLastDayInHours()
    {
        Assert.Equal("3 working days left", TimeLeft.Describe(new DateTimeOffset(2027, 1, 4, 17, 0, 0, TimeSpan.Zero), Tuesday, SpanUnit.WorkingDays, Calendar));
        Assert.Equal("8 hours left", TimeLeft.Describe(Tuesday.AddHours(8), Tuesday, SpanUnit.WorkingDays, Calendar));
        Assert.Equal("overdue by 1 working day", TimeLeft.Describe(Tuesday, Tuesday.AddDays(1), SpanUnit.WorkingDays, Calendar));
    }

    [Fact]
    public void Weeks_InWeeksAndDays()
    {
        Assert.Equal("8 weeks left", TimeLeft.Describe(Tuesday.AddDays(56), Tuesday, SpanUnit.Weeks, Calendar));
        Assert.Equal("2 weeks 3 days left", TimeLeft.Describe(Tuesday.AddDays(17), Tuesday, SpanUnit.Weeks, Calendar));
        Assert.Equal("overdue by 5 days", TimeLeft.Describe(Tuesday, Tuesday.AddDays(5), SpanUnit.Months, Calendar));
    }
}
