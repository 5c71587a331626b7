namespace FosteringWorkflows.Records;

/// <summary>The Records feature's log lines (event ids 9101–9199): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Journey {JourneyId} of {LocalAuthority} purged; its anonymised record kept")]
    public static partial void Purged(ILogger logger, string journeyId, string localAuthority);
}
