namespace FosteringWorkflows.Journeys;

/// <summary>The Journeys feature's log lines (event ids 1xxx): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Journey {JourneyId} started for {LocalAuthority} under policy {PolicyVersion}")]
    public static partial void JourneyStarted(ILogger logger, string journeyId, string localAuthority, string policyVersion);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Journey {JourneyId} changed concurrently; attempt {Attempt} re-runs the change")]
    public static partial void ConcurrentWrite(ILogger logger, string journeyId, int attempt);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Journey {JourneyId}: messages committed but not sent ({Error}); the dispatch timer will retry")]
    public static partial void DispatchDeferred(ILogger logger, string journeyId, string error);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Timer for journey {JourneyId} found no journey; dropped")]
    public static partial void WakeForMissingJourney(ILogger logger, string journeyId);
}
