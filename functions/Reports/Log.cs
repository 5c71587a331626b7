namespace FosteringWorkflows.Reports;

/// <summary>The Reports feature's log lines (event ids 6xxx): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Figures row {Partition} changed concurrently; attempt {Attempt} reads it again")]
    public static partial void Contended(ILogger logger, string partition, int attempt);
}
