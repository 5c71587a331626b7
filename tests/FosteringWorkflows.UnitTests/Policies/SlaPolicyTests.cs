using FosteringWorkflows.Calendar;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.UnitTests.Policies;

public sealed class SlaPolicyTests
{
    private static readonly BankHolidays Holidays = BankHolidays.LoadEmbedded();

    [Fact]
    public void Version_SameSettings_IsStable()
    {
        Assert.Equal(new PolicyOptions().ToPolicy("hertfordshire").Version, new PolicyOptions().ToPolicy("hertfordshire").Version);
    }

    [Fact]
    public void Version_ChangedClock_IsNew()
    {
        var changed = new PolicyOptions();
        changed.Clocks["Stage1"] = new ClockRuleOptions { Limit = "6 Weeks" };

        Assert.NotEqual(new PolicyOptions().ToPolicy("hertfordshire").Version, changed.ToPolicy("hertfordshire").Version);
    }

    [Fact]
    public void FromJson_StoredPolicy_RoundTripsToTheSameVersion()
    {
        var policy = new PolicyOptions { ConcurrentStages = true }.ToPolicy("leicestershire");

        Assert.Equal(policy.Version, SlaPolicy.FromJson(policy.ToJson()).Version);
    }

    [Fact]
    public void Start_WorkingHoursClock_WarnsWithAQuarterOfWorkingTimeLeft()
    {
        var policy = new PolicyOptions().ToPolicy("hertfordshire");
        var calendar = policy.CalendarWith(Holidays);
        var deadline = Deadline.Start(ClockName.EnquiryResponse, new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), policy.Clocks[ClockName.EnquiryResponse], calendar);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero), deadline.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 11, 30, 0, TimeSpan.Zero), deadline.WarnAt);
        // Escalation: one working day after the breach, at close of business.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.Zero), deadline.EscalateAt);
    }

    [Fact]
    public void Start_WeeksClock_WarnsAfterSixOfEightWeeks()
    {
        var policy = new PolicyOptions().ToPolicy("hertfordshire");
        var start = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
        var deadline = Deadline.Start(ClockName.Stage1, start, policy.Clocks[ClockName.Stage1], policy.CalendarWith(Holidays));

        Assert.Equal(start.AddDays(56), deadline.DueAt);
        Assert.Equal(start.AddDays(42), deadline.WarnAt.ToUniversalTime());
    }

    [Theory]
    [InlineData("2 WorkingHours", true)]
    [InlineData("1.5 WorkingHours", true)]
    [InlineData("8 Weeks", true)]
    [InlineData("2.5 WorkingDays", false)]
    [InlineData("0 Days", false)]
    [InlineData("7 Fortnights", false)]
    [InlineData("7", false)]
    public void TryParse_ClockSpans_AcceptsOnlyWholeDaysAndKnownUnits(string text, bool valid)
    {
        Assert.Equal(valid, ClockSpan.TryParse(text, out _));
    }
}
