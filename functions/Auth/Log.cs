namespace FosteringWorkflows.Auth;

/// <summary>The Auth feature's log lines (event ids 8001–8099): source-generated, nothing personal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "The identity provider's metadata could not be read: sign-in is unavailable; trying again after {First} s, then less often, at least every {Most} s")]
    public static partial void ProviderAway(ILogger logger, double first, double most);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "The identity provider's metadata was read after {Failures} failed attempts: sign-in is available")]
    public static partial void ProviderBack(ILogger logger, int failures);
}
