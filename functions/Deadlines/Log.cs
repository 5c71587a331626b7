namespace FosteringWorkflows.Deadlines;

/// <summary>The Deadlines feature's log lines (event ids 2xxx): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Waking journey {JourneyId} failed on delivery {DequeueCount} ({Error}: {Detail}); it will be retried")]
    public static partial void WakeFailed(ILogger logger, string journeyId, long dequeueCount, string error, string detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Journey {JourneyId} failed {DequeueCount} times and moved to the poison queue")]
    public static partial void Poisoned(ILogger logger, string journeyId, long dequeueCount);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "The {Loop} failed with storage status {Status}: {Detail}; trying again")]
    public static partial void LoopFailed(ILogger logger, string loop, int status, string detail);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "sweep-once: {Count} due timer(s) handed to the journey-work queue")]
    public static partial void Swept(ILogger logger, int count);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Error, Message = "sweep-once could not finish ({Error}): {Detail}")]
    public static partial void Failed(ILogger logger, string error, string detail);
}
