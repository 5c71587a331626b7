using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Councils;

/// <summary>
/// Pairs enquirers with a council's peer buddies, least loaded first, never beyond a buddy's capacity. Each
/// buddy's load is a counter row changed under its ETag. A place is taken before the journey is written and
/// given back when the journey ends or moves, so a crash in between can only make a buddy look busier than
/// they are, never overloaded.
/// </summary>
public sealed class BuddyPool(StorageAccount storage, CouncilDirectory councils)
{
    private const int MaxAttempts = 20;

    public async Task<BuddyPairing?> TakeAsync(string council, CancellationToken cancellationToken)
    {
        var configured = councils.Get(council).Buddies;
        if (configured.Count == 0)
        {
            return null;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var loads = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            await foreach (var row in storage.Buddies.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {council}"), cancellationToken: cancellationToken))
            {
                loads[row.RowKey] = row;
            }

            int Load(BuddyOptions b) => loads.TryGetValue(b.Id, out var row) ? row.GetInt32("Load") ?? 0 : 0;
            var chosen = configured.Where(b => Load(b) < b.Capacity).OrderBy(Load).ThenBy(b => b.Id, StringComparer.Ordinal).FirstOrDefault();
            if (chosen is null)
            {
                return null;
            }

            try
            {
                if (loads.TryGetValue(chosen.Id, out var existing))
                {
                    existing["Load"] = Load(chosen) + 1;
                    await storage.Buddies.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Merge, cancellationToken);
                }
                else
                {
                    await storage.Buddies.AddEntityAsync(new TableEntity(council, chosen.Id) { ["Load"] = 1 }, cancellationToken);
                }

                return new BuddyPairing(chosen.Id, chosen.Name);
            }
            catch (RequestFailedException e) when (e.IsLostRace())
            {
                // Someone else paired with this buddy meanwhile: look again.
            }
        }

        throw new InvalidOperationException($"Could not pair a buddy for {council} after {MaxAttempts} attempts.");
    }

    public async Task ReleaseAsync(string council, string buddyId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var found = await storage.Buddies.GetEntityIfExistsAsync<TableEntity>(council, buddyId, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return;
            }

            var row = found.Value!;

            var load = row.GetInt32("Load") ?? 0;
            if (load <= 0)
            {
                return;
            }

            row["Load"] = load - 1;
            try
            {
                await storage.Buddies.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.IsChanged())
            {
                // Changed meanwhile: read again.
            }
        }
    }

    /// <summary>Each buddy's current load, for the council's view.</summary>
    public async Task<Dictionary<string, int>> LoadsAsync(string council, CancellationToken cancellationToken)
    {
        var loads = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in storage.Buddies.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {council}"), cancellationToken: cancellationToken))
        {
            loads[row.RowKey] = row.GetInt32("Load") ?? 0;
        }

        return loads;
    }
}
