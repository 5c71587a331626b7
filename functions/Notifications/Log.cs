namespace FosteringWorkflows.Notifications;

/// <summary>The Notifications feature's log lines (event ids 5xxx): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Journey {JourneyId}: {Purpose} handed to {Provider}")]
    public static partial void Sent(ILogger logger, string journeyId, string purpose, string provider);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Journey {JourneyId}: {Purpose} refused by {Provider} (attempt {Attempt}); trying again at {RetryAt}: {Reason}")]
    public static partial void WillRetry(ILogger logger, string journeyId, string purpose, string provider, int attempt, DateTimeOffset retryAt, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Journey {JourneyId}: {Purpose} given up on after {Attempt} attempt(s) with {Provider}: {Reason}")]
    public static partial void GaveUp(ILogger logger, string journeyId, string purpose, string provider, int attempt, string reason);
}
