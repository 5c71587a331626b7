using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Deadlines;

/// <summary>
/// <c>FosteringWorkflows sweep-once</c>: the same binary and settings as the service, run by a scheduled job while the
/// service is scaled to zero. It checks the settings, creates the tables and queues if need be, hands every timer due
/// longer ago than the owner's grace to the journey-work queue (whose length wakes the service), and exits: 0 when done,
/// 1 when it could not be. It runs every minute, beside a replica if one is up, so it leaves a just-due timer to the
/// replica that armed it as the replicas' own sweeps do.
/// </summary>
public static partial class SweepOnce
{
    public const string Command = "sweep-once";

    /// <summary>The scheduled job's mode: hand due timers to the queue once and exit, before the next minute's run starts.</summary>
    public static async Task<int> RunJobAsync(WebApplication app)
    {
        int exit;
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(45)))
        {
            exit = await RunAsync(app.Services, limit.Token);
        }

        // Disposing the host flushes the console logger, which writes from a queue of its own: without it a busy machine
        // could exit before the one line saying why the job failed was written.
        await app.DisposeAsync();
        return exit;
    }

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
}
