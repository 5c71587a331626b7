namespace FosteringWorkflows.Worklist;

/// <summary>The Worklist feature's log lines (event ids 7001–7099): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Looking for stalled journeys failed with storage status {Status}; the next pass tries again")]
    public static partial void StallCheckFailed(ILogger logger, int status);
}
