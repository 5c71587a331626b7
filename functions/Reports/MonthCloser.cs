using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;

namespace FosteringWorkflows.Reports;

/// <summary>
/// Closes each council's months as they pass (<see cref="FigureStore.CloseDueAsync"/>), once a day (<see cref="DailyWork"/>;
/// the simulation also runs it after each jump of time). A month left open meanwhile is still read, shard by shard.
/// </summary>
public sealed partial class MonthCloser(FigureStore figures, CouncilDirectory councils, TimeProvider time, ILogger<MonthCloser> logger) : DailyWork(time)
{
    /// <summary>Closes every council's months that are due: the months closed.</summary>
    public async Task<int> CloseDueAsync(CancellationToken cancellationToken)
    {
        var closed = 0;
        foreach (var council in councils.Ids)
        {
            closed += await figures.CloseDueAsync(council, cancellationToken);
        }

        return closed;
    }

    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => CloseDueAsync(cancellationToken);

    protected override void Done(int count) => Log.MonthsClosed(logger, count);

    protected override void Failed(int storageStatus) => Log.ClosingFailed(logger, storageStatus);
}
