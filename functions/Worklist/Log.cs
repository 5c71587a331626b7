namespace FosteringWorkflows.Worklist;

/// <summary>The Worklist feature's log lines (event ids 7001–7099): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "Work index row {Partition} is full ({Lines} lines): a journey's line is left out of the work list; raise StorageAccount.Shards")]
    public static partial void RowFull(ILogger logger, string partition, int lines);
}
