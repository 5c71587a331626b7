using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Councils;

/// <summary>
/// Pairs enquirers with a council's peer buddies, least loaded first, never beyond a buddy's capacity. Each buddy's row
/// lists the journeys holding a place with them, changed under its ETag, so two instances never both take the last
/// place. A place is taken for a journey ahead of the commit that pairs it (taking it again for the same journey is the
/// same place) and the journey's commit is what pairs them: a place whose journey does not hold the buddy, as stored,
/// is a leftover (the commit failed, or the journey ended or moved and the process died before giving the place back)
/// and is given back when it is released or when the buddy looks full. A crash can leave a buddy looking busier for a
/// while, never overloaded, and never for good.
/// </summary>
public sealed class BuddyPool(StorageAccount storage, CouncilDirectory councils, IBuddyHolders holders, TimeProvider time)
{
    private const int MaxAttempts = 20;

    /// <summary>A place younger than this may belong to a commit still on its way: it is never taken for a leftover.</summary>
    internal static readonly TimeSpan InFlight = TimeSpan.FromMinutes(10);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A place with a buddy, held for a journey since a given instant.</summary>
    private sealed record Place(string JourneyId, DateTimeOffset At);

    public async Task<BuddyPairing?> TakeAsync(string council, string journeyId, CancellationToken cancellationToken)
    {
        var configured = councils.Get(council).Buddies;
        if (configured.Count == 0)
        {
            return null;
        }

        var tidied = false;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var rows = await ReadAsync(council, cancellationToken);
            if (configured.FirstOrDefault(b => rows.TryGetValue(b.Id, out var r) && Places(r).Any(p => p.JourneyId == journeyId)) is { } held)
            {
                return new BuddyPairing(held.Id, held.Name);
            }

            int Load(BuddyOptions b) => rows.TryGetValue(b.Id, out var row) ? Places(row).Count : 0;
            var chosen = configured.Where(b => Load(b) < b.Capacity).OrderBy(Load).ThenBy(b => b.Id, StringComparer.Ordinal).FirstOrDefault();
            if (chosen is null)
            {
                if (tidied)
                {
                    return null;
                }

                // Every buddy looks full: leftovers of failed commits or lost releases are given back, and the choice made again.
                tidied = true;
                foreach (var (id, row) in rows)
                {
                    await TidyAsync(row, id, cancellationToken);
                }

                continue;
            }

            try
            {
                if (rows.TryGetValue(chosen.Id, out var existing))
                {
                    await WriteAsync(existing, [.. Places(existing), new Place(journeyId, time.GetUtcNow())], cancellationToken);
                }
                else
                {
                    var row = new TableEntity(council, chosen.Id);
                    Set(row, [new Place(journeyId, time.GetUtcNow())]);
                    await storage.Buddies.AddEntityAsync(row, cancellationToken);
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

    /// <summary>
    /// Gives back the journey's place with the buddy unless the journey, as stored, still holds it: called once the
    /// journey has ended, moved or been erased, and when the change that would have paired them did not happen.
    /// </summary>
    public async Task ReleaseAsync(string council, string buddyId, string journeyId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var found = await storage.Buddies.GetEntityIfExistsAsync<TableEntity>(council, buddyId, cancellationToken: cancellationToken);
            var places = found.HasValue ? Places(found.Value!) : [];
            if (places.All(p => p.JourneyId != journeyId))
            {
                return;
            }

            if (await holders.HoldsAsync(council, buddyId, journeyId, cancellationToken))
            {
                return;
            }

            try
            {
                await WriteAsync(found.Value!, [.. places.Where(p => p.JourneyId != journeyId)], cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.IsChanged())
            {
                // Changed meanwhile: read again.
            }
        }
    }

    /// <summary>Each buddy's current load, for the council's view.</summary>
    public async Task<Dictionary<string, int>> LoadsAsync(string council, CancellationToken cancellationToken) =>
        (await ReadAsync(council, cancellationToken)).ToDictionary(r => r.Key, r => Places(r.Value).Count, StringComparer.Ordinal);

    /// <summary>Gives back the places, older than <see cref="InFlight"/>, whose journeys do not hold this buddy.</summary>
    private async Task TidyAsync(TableEntity row, string buddyId, CancellationToken cancellationToken)
    {
        var places = Places(row);
        var settled = time.GetUtcNow() - InFlight;
        var kept = new List<Place>();
        foreach (var place in places)
        {
            if (place.At > settled || await holders.HoldsAsync(row.PartitionKey, buddyId, place.JourneyId, cancellationToken))
            {
                kept.Add(place);
            }
        }

        if (kept.Count < places.Count)
        {
            try
            {
                await WriteAsync(row, kept, cancellationToken);
            }
            catch (RequestFailedException e) when (e.IsChanged())
            {
                // Someone else changed the buddy meanwhile: the choice is made again on what they wrote.
            }
        }
    }

    private async Task<Dictionary<string, TableEntity>> ReadAsync(string council, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in storage.Buddies.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {council}"), cancellationToken: cancellationToken))
        {
            rows[row.RowKey] = row;
        }

        return rows;
    }

    private async Task WriteAsync(TableEntity row, List<Place> places, CancellationToken cancellationToken)
    {
        Set(row, places);
        await storage.Buddies.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
    }

    private static List<Place> Places(TableEntity row) =>
        row.GetString("Places") is { } json ? JsonSerializer.Deserialize<List<Place>>(json, Json) ?? [] : [];

    private static void Set(TableEntity row, List<Place> places)
    {
        row["Places"] = JsonSerializer.Serialize(places, Json);
        row["Load"] = places.Count;
    }
}
