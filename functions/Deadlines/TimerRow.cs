using System.Globalization;
using Azure;

namespace FosteringWorkflows.Deadlines;

public sealed record TimerRow(DateTimeOffset DueAt, string JourneyId, TimerKind Kind, ETag ETag = default)
{
    public string RowKey => $"{DueAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}_{JourneyId}_{Kind}";
}
