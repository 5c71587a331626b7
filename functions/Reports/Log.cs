namespace FosteringWorkflows.Reports;

/// <summary>The Reports feature's log lines (event ids 6xxx): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Figures row {Partition} changed concurrently; attempt {Attempt} reads it again")]
    public static partial void Contended(ILogger logger, string partition, int attempt);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Closed {Months} council months of figures")]
    public static partial void MonthsClosed(ILogger logger, int months);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Closing months of figures failed (storage status {Status}); trying again in an hour")]
    public static partial void ClosingFailed(ILogger logger, int status);
}
