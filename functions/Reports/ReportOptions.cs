namespace FosteringWorkflows.Reports;

/// <summary><c>Reports__RequestsPerMinute</c>: how many reports (API, CSV or page) one key or signed-in person may read a minute.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>Each report reads one figures row per council, month and shard: at 36 months, thousands of reads.</summary>
    public int RequestsPerMinute { get; set; } = 60;
}
