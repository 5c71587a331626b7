using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Deadlines;

public static class DeadlineServices
{
    /// <summary>
    /// Durable timers: the timer index, this instance's local timers, the work queue and the sweep, and the background
    /// loops that run them (idle in simulated time). What a timer wakes is the journeys' (<see cref="IJourneyWaker"/>).
    /// </summary>
    public static IServiceCollection AddDeadlines(this IServiceCollection services)
    {
        services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueueOptions>, QueueOptionsValidator>();
        services.AddOptions<TimerSweepOptions>().BindConfiguration(TimerSweepOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TimerSweepOptions>, TimerSweepOptionsValidator>();
        services.AddSingleton<TimerIndex>();
        services.AddSingleton<LocalTimers>();
        services.AddSingleton<JourneyWork>();
        services.AddSingleton<TimerSweeper>();
        services.AddHostedService<DurableTimersService>();
        return services;
    }
}
