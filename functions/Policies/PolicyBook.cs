using System.Collections.Concurrent;
using Azure.Data.Tables;
using FosteringWorkflows.Calendar;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Policies;

/// <summary>
/// Every SLA policy version the service has run under. The current version of each council comes from settings;
/// older versions are read back from the Policies table so that a running journey keeps the clocks it started with.
/// </summary>
public sealed class PolicyBook(CouncilDirectory councils, IOptions<CouncilPolicyOptions> options, BankHolidays holidays, StorageAccount storage) : IReadinessStep
{
    private const string PartitionKey = "policy";

    private readonly ConcurrentDictionary<string, CouncilPolicy> _byVersion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CouncilPolicy> _current = new(StringComparer.Ordinal);

    public CouncilPolicy Current(string localAuthority) => _current.GetOrAdd(localAuthority, id =>
    {
        var policy = options.Value.For(id).ToPolicy(id);
        return _byVersion.GetOrAdd(policy.Version, _ => new CouncilPolicy(policy, policy.CalendarWith(holidays)));
    });

    /// <summary>The council's own time zone (its policy's <c>TimeZone</c>), in which its dates and times are read.</summary>
    public TimeZoneInfo ZoneOf(string localAuthority) => Current(localAuthority).Calendar.Week.Zone;

    /// <summary>The zone of a council that sets none, for a date asked before any council is named.</summary>
    public TimeZoneInfo DefaultZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(WorkingWeek.DefaultZoneId);

    /// <summary>Stores each council's current version (idempotent: the row key is the content hash).</summary>
    Task IReadinessStep.PrepareAsync(CancellationToken cancellationToken) => PublishAsync(cancellationToken);

    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        // On the way to a starting replica's first answer: one read of the versions stored, then only the new ones written
        // (all at once). A version's id is its content's hash, so a stored version never needs writing again.
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in storage.Policies.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            stored.Add(row.RowKey);
        }

        await Task.WhenAll(councils.Ids.Select(id => Current(id).Policy).DistinctBy(p => p.Version).Where(p => !stored.Contains(p.Version)).Select(policy =>
            storage.Policies.UpsertEntityAsync(new TableEntity(PartitionKey, policy.Version) { ["Json"] = policy.ToJson() }, TableUpdateMode.Replace, cancellationToken)));
    }

    public async ValueTask<CouncilPolicy> ByVersionAsync(string version, CancellationToken cancellationToken)
    {
        if (_byVersion.TryGetValue(version, out var known))
        {
            return known;
        }

        var row = await storage.Policies.GetEntityIfExistsAsync<TableEntity>(PartitionKey, version, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            throw new InvalidOperationException($"Policy version {version} is not stored.");
        }

        var policy = SlaPolicy.FromJson(row.Value!.GetString("Json"));
        return _byVersion.GetOrAdd(version, _ => new CouncilPolicy(policy, policy.CalendarWith(holidays)));
    }
}
