using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Worklist;

/// <summary>
/// Tells each council's team, once, about every journey that has stalled: 10 working days without a step at a stage no
/// clock watches (screening, an information event, the application). It reads the work index's stall rows not yet told
/// (a range read a council, whatever the number of journeys) a minute after start and then every
/// <see cref="WorklistOptions.StallCheckInterval"/> (an hour: a stall is 10 working days in the making), and
/// asks the engine to tell the team (<see cref="WorkflowContext.TellStalled"/>), which checks the journey itself again,
/// sends the alert through its outbox (once, under a purpose naming the stall) and marks the stall told in the same commit.
/// The same pass deletes the texts no one could match once they are past their time (<see cref="Replies.UnmatchedTexts.KeptFor"/>).
/// </summary>
public sealed class StallWatcher(
    WorkIndex index, JourneyEngine engine, Replies.UnmatchedTexts texts, CouncilDirectory councils, TimeProvider time, IOptions<WorklistOptions> options, ILogger<StallWatcher> logger)
    : BackgroundService
{
    /// <summary>At most this many stalled journeys a council are told about in one pass; the next pass takes the rest.</summary>
    private const int PerPass = 50;

    private static readonly TimeSpan FirstAfter = TimeSpan.FromMinutes(1);

    /// <summary>One pass over every council; returns how many journeys' teams were told.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var told = 0;
        var now = time.GetUtcNow();
        foreach (var council in councils.Ids)
        {
            foreach (var stalled in await index.UntoldStallsAsync(council, now, PerPass, cancellationToken))
            {
                try
                {
                    var journey = await engine.ApplyAsync(stalled.JourneyId, "system", (j, context) => context.TellStalled(j), cancellationToken);
                    told += journey.StallToldFor == journey.LastEventAt ? 1 : 0;
                }
                catch (JourneyNotFoundException)
                {
                    // Purged since its row was read: nothing to tell.
                }
            }
        }

        return told;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass a minute after start, so a replica started by a caller (and scaled back to zero soon after) still looks.
        await Task.Delay(FirstAfter, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
                await texts.ForgetOldAsync(councils.Ids, stoppingToken); // texts no one could match are kept only while the team needs them
            }
            catch (Exception e) when (e is not OperationCanceledException && Storage.StorageErrors.IsStorageFailure(e))
            {
                Log.StallCheckFailed(logger, Storage.StorageErrors.StatusOf(e));
            }

            await Task.Delay(options.Value.StallCheckInterval, stoppingToken);
        }
    }
}
