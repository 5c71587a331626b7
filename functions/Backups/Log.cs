namespace FosteringWorkflows.Backups;

/// <summary>The Backups feature's log lines (event ids 92xx): source-generated, nothing personal (table names, counts and the backup's name only).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "backup {Name}: {Rows} rows of {Tables} tables written")]
    public static partial void BackedUp(ILogger logger, string name, long rows, int tables);

    [LoggerMessage(EventId = 9202, Level = LogLevel.Information, Message = "restore from {Name}: {Rows} rows of {Tables} tables put back; {Purged} journey(s) purged since the backup purged again")]
    public static partial void Restored(ILogger logger, string name, long rows, int tables, int purged);

    [LoggerMessage(EventId = 9203, Level = LogLevel.Error, Message = "{Command} could not finish ({Error}): {Detail}")]
    public static partial void Failed(ILogger logger, string command, string error, string detail);
}
