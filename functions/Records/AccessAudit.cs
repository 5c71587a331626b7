using System.Globalization;
using Azure.Data.Tables;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Records;

/// <summary>
/// The audit of access: every call to the API is recorded after it is answered, one row each, only ever added. A day is a
/// partition (the UTC date of the call), so a period is read partition by partition and an expired day can be removed whole.
/// </summary>
public sealed partial class AccessAudit(StorageAccount storage, ServiceReadiness readiness, TimeProvider time, ILogger<AccessAudit> logger)
{
    private const string NoteKey = "FosteringWorkflows.Audit";

    // Calls within one tick (or one instant of the simulated clock) keep the order this instance recorded them in.
    private static long _sequence;

    /// <summary>What an endpoint knows that the route does not: the journey's council, or who a hub's or provider's call speaks for.</summary>
    public static void Note(HttpContext http, string? journeyId = null, string? council = null, string? actor = null)
    {
        var note = http.Items.TryGetValue(NoteKey, out var existing) && existing is AuditNote n ? n : new AuditNote();
        note.JourneyId = journeyId ?? note.JourneyId;
        note.Council = council ?? note.Council;
        note.Actor = actor ?? note.Actor;
        http.Items[NoteKey] = note;
    }

    /// <summary>Records one answered call; a failure to record is logged (with no personal data) and never changes the answer.</summary>
    public async Task RecordAsync(HttpContext http, int status, CancellationToken cancellationToken)
    {
        var note = http.Items.TryGetValue(NoteKey, out var value) && value is AuditNote n ? n : new AuditNote();
        var user = http.User;
        var caller = user.Identity?.IsAuthenticated == true ? Caller.From(user) : null;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var journeyId = note.JourneyId ?? (http.Request.RouteValues.TryGetValue("id", out var id) ? id as string : null);
        var entry = new AuditEntry(
            time.GetUtcNow(),
            caller?.Name ?? note.Actor ?? "anonymous",
            caller?.Role.ToString(),
            http.Request.Method,
            route.StartsWith('/') ? route : "/" + route,
            journeyId is { Length: <= 100 } ? journeyId : null,
            note.Council,
            http.Connection.RemoteIpAddress?.ToString(),
            status);
        try
        {
            // A call refused before any storage was touched (401, 403) is recorded too, so the table must exist.
            await readiness.EnsureReadyAsync();
            await storage.Audit.AddEntityAsync(ToRow(entry), cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            LogNotRecorded(logger, (e as Azure.RequestFailedException)?.Status ?? 0, entry.Method, entry.Route);
        }
    }

    /// <summary>The entries of the days from <paramref name="from"/> to <paramref name="to"/> (UTC dates), oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var partition = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await foreach (var row in storage.Audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
            {
                entries.Add(FromRow(row));
            }
        }

        return entries;
    }

    private static TableEntity ToRow(AuditEntry e) => new(
        e.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        $"{e.At.UtcTicks:D19}-{Interlocked.Increment(ref _sequence):D12}-{Guid.NewGuid():N}")
    {
        ["At"] = e.At,
        ["Actor"] = e.Actor,
        ["Role"] = e.Role,
        ["Method"] = e.Method,
        ["Route"] = e.Route,
        ["JourneyId"] = e.JourneyId,
        ["Council"] = e.Council,
        ["Address"] = e.Address,
        ["Status"] = e.Status,
    };

    private static AuditEntry FromRow(TableEntity row) => new(
        row.GetDateTimeOffset("At")!.Value,
        row.GetString("Actor"),
        row.GetString("Role"),
        row.GetString("Method"),
        row.GetString("Route"),
        row.GetString("JourneyId"),
        row.GetString("Council"),
        row.GetString("Address"),
        row.GetInt32("Status") ?? 0);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "An API call ({Method} {Route}) could not be recorded in the audit: storage status {Status}")]
    private static partial void LogNotRecorded(ILogger logger, int status, string method, string route);

    private sealed class AuditNote
    {
        public string? JourneyId { get; set; }

        public string? Council { get; set; }

        public string? Actor { get; set; }
    }
}
