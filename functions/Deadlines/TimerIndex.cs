using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Deadlines;

/// <summary>
/// Durable timers as a time-ordered index in one table partition: the row key starts with the due instant's UTC
/// ticks, so "everything due by now" is one range query, and the earliest timer is the first row.
/// Rows are written before the journey change that needs them, and a timer that finds nothing to do is
/// harmless, so a crash can leave a spare wake-up but never a missing one.
/// </summary>
public sealed class TimerIndex(StorageAccount storage, LocalTimers local)
{
    private const string Partition = "timers";

    public async Task ScheduleAsync(IReadOnlyCollection<TimerRow> timers, CancellationToken cancellationToken)
    {
        if (timers.Count == 0)
        {
            return;
        }

        var actions = timers.Select(t => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(t))).ToList();
        await storage.Timers.SubmitTransactionAsync(actions, cancellationToken);
        local.Add(timers);
    }

    public async Task<List<TimerRow>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var upTo = (now.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {upTo}");
        var due = new List<TimerRow>();
        await foreach (var row in storage.Timers.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken))
        {
            due.Add(FromEntity(row));
            if (due.Count >= max)
            {
                break;
            }
        }

        return due;
    }

    public async Task<DateTimeOffset?> EarliestAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var row in storage.Timers.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["DueAt"], cancellationToken: cancellationToken))
        {
            return row.GetDateTimeOffset("DueAt");
        }

        return null;
    }

    /// <summary>Removes a timer that has been handed on. Someone else having removed it first is fine.</summary>
    public async Task DeleteAsync(TimerRow timer, CancellationToken cancellationToken)
    {
        local.Remove(timer);
        try
        {
            await storage.Timers.DeleteEntityAsync(Partition, timer.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Another instance handed it on first.
        }
    }

    private static TableEntity ToEntity(TimerRow t) => new(Partition, t.RowKey)
    {
        ["DueAt"] = t.DueAt,
        ["JourneyId"] = t.JourneyId,
        ["Kind"] = t.Kind.ToString(),
    };

    private static TimerRow FromEntity(TableEntity e) =>
        new(e.GetDateTimeOffset("DueAt")!.Value, e.GetString("JourneyId"), Enum.Parse<TimerKind>(e.GetString("Kind")), e.ETag);
}
