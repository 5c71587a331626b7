namespace FosteringWorkflows.Calendar;

public static class CalendarServices
{
    /// <summary>The bank holidays of each UK division, from the file shipped inside the app.</summary>
    public static IServiceCollection AddCalendar(this IServiceCollection services) => services.AddSingleton(BankHolidays.LoadEmbedded());
}
