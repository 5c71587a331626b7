namespace FosteringWorkflows.Calendar;

/// <summary>A council's working week: which days, which hours, in which time zone, with whose bank holidays.</summary>
public sealed record WorkingWeek(
    TimeOnly DayStart,
    TimeOnly DayEnd,
    IReadOnlySet<DayOfWeek> Days,
    TimeZoneInfo Zone,
    HolidayDivision Holidays)
{
    /// <summary>The time zone of a council that sets none.</summary>
    public const string DefaultZoneId = "Europe/London";

    public static WorkingWeek Default { get; } = new(
        new TimeOnly(9, 0),
        new TimeOnly(17, 0),
        new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
        TimeZoneInfo.FindSystemTimeZoneById(DefaultZoneId),
        HolidayDivision.EnglandAndWales);
}
