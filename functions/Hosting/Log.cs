namespace FosteringWorkflows.Hosting;

/// <summary>The Hosting feature's log lines (event ids 3xxx): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Storage is not ready ({Problem}); trying again in {Delay}")]
    public static partial void StorageNotReady(ILogger logger, string problem, TimeSpan delay);
}
