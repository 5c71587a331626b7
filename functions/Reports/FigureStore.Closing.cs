using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Reports;

public sealed partial class FigureStore
{
    /// <summary>Row of <c>FigureMonths</c> (PartitionKey the council) naming the last month closed for a council (after every month's row key).</summary>
    private const string ClosedThroughRow = "closed-through";

    /// <summary>The last month that has closed for a council, by its own date today.</summary>
    public DateOnly LastClosed(string council)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), policies.ZoneOf(council)).DateTime);
        var past = today.AddDays(-ClosesAfterDays);
        return new DateOnly(past.Year, past.Month, 1).AddMonths(-1);
    }

    /// <summary>The most months one run closes for a council: after a longer gap (an outage, a jump of simulated time) the
    /// latest are closed and the older ones stay open.</summary>
    public const int MaxClosedAtOnce = 3;

    /// <summary>
    /// Closes a council's months that have passed since the last it closed (the latest <see cref="MaxClosedAtOnce"/> of
    /// them), noting each as it goes: the months closed. The first time it notes the last month that has passed and closes
    /// none, so a start costs a read and a write a council. Months left open are read shard by shard, and count the same.
    /// </summary>
    public async Task<int> CloseDueAsync(string council, CancellationToken cancellationToken)
    {
        var last = LastClosed(council);
        var mark = await storage.FigureMonths.GetEntityIfExistsAsync<TableEntity>(council, ClosedThroughRow, cancellationToken: cancellationToken);
        if (!(mark.HasValue && mark.Value is { } row
            && DateOnly.TryParseExact(row.GetString("Through"), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var through)))
        {
            await NoteClosedAsync(council, last, cancellationToken);
            return 0;
        }

        var closed = 0;
        var first = through.AddMonths(1) < last.AddMonths(1 - MaxClosedAtOnce) ? last.AddMonths(1 - MaxClosedAtOnce) : through.AddMonths(1);
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            await CloseAsync(council, month, cancellationToken);
            await NoteClosedAsync(council, month, cancellationToken);
            closed++;
        }

        return closed;
    }

    private Task<Response> NoteClosedAsync(string council, DateOnly month, CancellationToken cancellationToken) =>
        storage.FigureMonths.UpsertEntityAsync(
            new TableEntity(council, ClosedThroughRow) { ["Through"] = month.ToString("yyyy-MM", CultureInfo.InvariantCulture) },
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// Closes one council's month (a month not yet <see cref="LastClosed"/> is refused): its month's row is made first, so a
    /// fold that finds its shard closed has a row to fold into; then each shard's row is marked closed, so no fold lands there
    /// again; then the closed shards are folded into the month's row, with a bit each, in one write under its ETag. Each step
    /// is safe to repeat, so a closing cut short by a crash, or run by two instances at once, ends with each shard folded once.
    /// </summary>
    public async Task CloseAsync(string council, DateOnly month, CancellationToken cancellationToken)
    {
        month = new DateOnly(month.Year, month.Month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, LastClosed(council));
        var key = MonthKey(council, month);
        var row = await ReadAsync(storage.FigureMonths, council, MonthRowKey(month), cancellationToken);
        if (row.ETag is null)
        {
            try
            {
                await storage.FigureMonths.AddEntityAsync(MonthRow(council, month, "", 0), cancellationToken);
            }
            catch (RequestFailedException e) when (e.IsAlreadyExists())
            {
                // Another instance made it first.
            }
        }
        else if (row.Merged == AllShards)
        {
            return;
        }

        for (var shard = 0; shard < StorageAccount.Shards; shard++)
        {
            if ((row.Merged & (1 << shard)) == 0)
            {
                await CloseShardAsync(storage.FigureTables[shard], Partition(council, month, shard), cancellationToken);
            }
        }

        await using (await GateAsync(key, cancellationToken))
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                // The month's row before the shards: a purge that forgets in a shard after it was read here then writes the
                // month's row, and this write fails its ETag.
                _latest.TryRemove(key, out _);
                row = await ReadAsync(storage.FigureMonths, council, MonthRowKey(month), cancellationToken);
                if (row.Merged == AllShards)
                {
                    return;
                }

                var figures = Parse(row.Text);
                for (var shard = 0; shard < StorageAccount.Shards; shard++)
                {
                    if ((row.Merged & (1 << shard)) == 0)
                    {
                        var partition = Partition(council, month, shard);
                        figures.Merge(Parse((await ReadAsync(storage.FigureTables[shard], partition, "~" + partition, cancellationToken)).Text));
                    }
                }

                var json = System.Text.Json.JsonSerializer.Serialize(figures, Json);
                try
                {
                    var written = await storage.FigureMonths.UpdateEntityAsync(MonthRow(council, month, json, AllShards), row.ETag!.Value, TableUpdateMode.Replace, cancellationToken);
                    Remember(key, new Stored(json, written.Headers.ETag, false, AllShards));
                    return;
                }
                catch (RequestFailedException e) when (e.IsChanged())
                {
                    Log.Contended(logger, key, attempt + 1);
                }
            }
        }
    }

    /// <summary>Marks a shard's row closed (making an empty one where the shard had nothing that month).</summary>
    private async Task CloseShardAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        await using (await GateAsync(partition, cancellationToken))
        {
            for (var attempt = 0; ; attempt++)
            {
                _latest.TryRemove(partition, out _);
                var row = await ReadAsync(table, partition, "~" + partition, cancellationToken);
                if (row.Closed)
                {
                    return;
                }

                var closed = Row(partition, row.Text ?? "", closed: true);
                try
                {
                    var written = row.ETag is { } known
                        ? await table.UpdateEntityAsync(closed, known, TableUpdateMode.Replace, cancellationToken)
                        : await table.AddEntityAsync(closed, cancellationToken);
                    Remember(partition, new Stored(row.Text, written.Headers.ETag, true, 0));
                    return;
                }
                catch (RequestFailedException e) when (e.IsLostRace() && attempt < 50)
                {
                    Log.Contended(logger, partition, attempt + 1);
                    await Task.Delay(retry.Value.Backoff(Math.Min(attempt, 5)), cancellationToken);
                }
            }
        }
    }
}
