namespace FosteringWorkflows.Hub;

/// <summary>The Hub feature's log lines (event ids 4xxx): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Hub request refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);
}
