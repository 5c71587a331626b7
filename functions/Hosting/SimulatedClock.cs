using Azure.Data.Tables;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// Keeps the simulated clock's reading in storage, so that a restart never moves time back: events recorded after a
/// restart would otherwise be dated before the history already stored. On start the clock resumes from the later of
/// <c>Clock__Start</c> and the stored reading.
/// </summary>
public sealed class SimulatedClock(SimulatedTimeProvider clock, StorageAccount storage, IOptions<ClockOptions> options) : IReadinessStep
{
    private const string Partition = "clock";
    private const string Row = "simulated";

    public bool Enabled => options.Value.Mode == ClockMode.Simulated;

    Task IReadinessStep.PrepareAsync(CancellationToken cancellationToken) => RestoreAsync(cancellationToken);

    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var stored = await storage.Policies.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        if (stored.HasValue && stored.Value!.GetDateTimeOffset("Now") is { } now && now > clock.GetUtcNow())
        {
            clock.MoveTo(now);
        }
    }

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            await storage.Policies.UpsertEntityAsync(new TableEntity(Partition, Row) { ["Now"] = clock.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
        }
    }
}
