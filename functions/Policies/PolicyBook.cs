using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Calendar;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Policies;

/// <summary>A policy with the calendar it computes clocks in.</summary>
public sealed record CouncilPolicy(SlaPolicy Policy, WorkingCalendar Calendar);

/// <summary>
/// Every SLA policy version the service has run under. The current version of each council comes from settings;
/// older versions are read back from the Policies table so that a running journey keeps the clocks it started with.
/// </summary>
public sealed class PolicyBook(CouncilDirectory councils, BankHolidays holidays, StorageAccount storage) : IReadinessStep
{
    private const string PartitionKey = "policy";

    private readonly ConcurrentDictionary<string, CouncilPolicy> _byVersion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CouncilPolicy> _current = new(StringComparer.Ordinal);

    public CouncilPolicy Current(string localAuthority) => _current.GetOrAdd(localAuthority, id =>
    {
        var policy = councils.Get(id).Policy.ToPolicy(id);
        return _byVersion.GetOrAdd(policy.Version, _ => new CouncilPolicy(policy, policy.CalendarWith(holidays)));
    });

    /// <summary>Stores each council's current version (idempotent: the row key is the content hash).</summary>
    Task IReadinessStep.PrepareAsync(CancellationToken cancellationToken) => PublishAsync(cancellationToken);

    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        foreach (var id in councils.Ids)
        {
            var policy = Current(id).Policy;
            var row = new TableEntity(PartitionKey, policy.Version) { ["Json"] = policy.ToJson() };
            await storage.Policies.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async ValueTask<CouncilPolicy> ByVersionAsync(string version, CancellationToken cancellationToken)
    {
        if (_byVersion.TryGetValue(version, out var known))
        {
            return known;
        }

        try
        {
            var row = await storage.Policies.GetEntityAsync<TableEntity>(PartitionKey, version, cancellationToken: cancellationToken);
            var policy = SlaPolicy.FromJson(row.Value.GetString("Json"));
            return _byVersion.GetOrAdd(version, _ => new CouncilPolicy(policy, policy.CalendarWith(holidays)));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidOperationException($"Policy version {version} is not stored.", e);
        }
    }
}
