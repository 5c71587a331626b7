using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Deadlines;

/// <summary>
/// <c>FosteringWorkflows sweep-once</c>: the same binary and settings as the service, run by a scheduled job while the
/// service is scaled to zero. It checks the settings, creates the tables and queues if need be, hands every timer due
/// now to the journey-work queue (whose length wakes the service), and exits: 0 when done, 1 when it could not be.
/// </summary>
public static partial class SweepOnce
{
    public const string Command = "sweep-once";

    public static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SweepOnce));
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            await services.GetRequiredService<ServiceReadiness>().WaitUntilReadyAsync(cancellationToken);
            var sweeper = services.GetRequiredService<TimerSweeper>();
            var page = services.GetRequiredService<IOptions<TimerSweepOptions>>().Value.PageSize;
            var total = 0;
            int handed;
            do
            {
                handed = await sweeper.SweepAsync(cancellationToken);
                total += handed;
            }
            while (handed >= page);

            Log.Swept(logger, total);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var problem = services.GetRequiredService<ServiceReadiness>().LastProblem ?? "no answer";
            Log.Failed(logger, "storage not ready in time", problem);
            return 1;
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException
            or Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException)
        {
            // Settings that fail validation or cannot be read as their type, storage refusing, no token: one line, exit 1.
            var detail = e is AggregateException all ? string.Join("; ", all.Flatten().InnerExceptions.Select(i => i.Message)) : e.Message;
            Log.Failed(logger, e.GetType().Name, detail);
            return 1;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "sweep-once: {Count} due timer(s) handed to the journey-work queue")]
        public static partial void Swept(ILogger logger, int count);

        [LoggerMessage(EventId = 2111, Level = LogLevel.Error, Message = "sweep-once could not finish ({Error}): {Detail}")]
        public static partial void Failed(ILogger logger, string error, string detail);
    }
}
