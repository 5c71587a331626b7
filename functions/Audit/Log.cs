namespace FosteringWorkflows.Audit;

/// <summary>The Audit feature's log lines (event ids 9001–9099): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Audit retention: {Count} rows past their councils' retention removed")]
    public static partial void Purged(ILogger logger, int count);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Audit retention failed with storage status {Status}; trying again in an hour")]
    public static partial void Failed(ILogger logger, int status);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "The audit could not be written (storage status {Status}); {Held} entries are held to write when it is back")]
    public static partial void NotRecorded(ILogger logger, int status, int held);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "A read of the audit waited {Seconds} s for {Count} calls answered and not yet recorded (their answers never completed), and went on without them")]
    public static partial void PendingLetGo(ILogger logger, int count, int seconds);
}
