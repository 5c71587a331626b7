using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Journeys;

/// <summary>A journey's state row with the clock figures kept on it for lists.</summary>
public sealed record StoredSummary(Journey Journey, bool Overdue, string? NextClock, DateTimeOffset? NextDueAt);

/// <summary>
/// A journey is one partition of the Journeys table: <c>state</c>, <c>deadline-*</c>, <c>nudge-*</c>,
/// <c>history-*</c> and <c>outbox-*</c> rows. One partition is what lets a change, its history, its clocks and
/// its messages go in a single entity group transaction.
/// </summary>
public sealed class JourneyStore(StorageAccount storage)
{
    private const string StateRow = "state";
    private const string DeadlinePrefix = "deadline-";
    private const string NudgePrefix = "nudge-";
    private const string HistoryPrefix = "history-";
    private const string OutboxPrefix = "outbox-";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Loads a journey; history rows only when asked, since the engine never needs them.</summary>
    public async Task<(Journey Journey, List<HistoryEntry> History)?> LoadAsync(string journeyId, bool withHistory, CancellationToken cancellationToken)
    {
        var filter = withHistory
            ? TableClient.CreateQueryFilter($"PartitionKey eq {journeyId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {journeyId} and (RowKey lt {HistoryPrefix} or RowKey gt {"history~"})");
        TableEntity? state = null;
        var deadlines = new List<TableEntity>();
        var nudges = new List<TableEntity>();
        var outbox = new List<TableEntity>();
        var history = new List<HistoryEntry>();
        await foreach (var row in storage.Journeys.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var key = row.RowKey;
            if (key == StateRow)
            {
                state = row;
            }
            else if (key.StartsWith(DeadlinePrefix, StringComparison.Ordinal))
            {
                deadlines.Add(row);
            }
            else if (key.StartsWith(NudgePrefix, StringComparison.Ordinal))
            {
                nudges.Add(row);
            }
            else if (key.StartsWith(OutboxPrefix, StringComparison.Ordinal))
            {
                outbox.Add(row);
            }
            else if (key.StartsWith(HistoryPrefix, StringComparison.Ordinal))
            {
                history.Add(ToHistory(row));
            }
        }

        if (state is null)
        {
            return null;
        }

        var journey = ToJourney(state);
        foreach (var row in deadlines)
        {
            var deadline = ToDeadline(row);
            journey.Deadlines[deadline.Clock] = deadline;
        }

        foreach (var row in nudges)
        {
            var nudge = new Nudge(row.RowKey[NudgePrefix.Length..]) { NextAt = row.GetDateTimeOffset("NextAt"), Count = row.GetInt32("Count") ?? 0 };
            journey.Nudges[nudge.Name] = nudge;
        }

        journey.Messages.AddRange(outbox.Select(ToOutbox));
        return (journey, history);
    }

    /// <summary>
    /// Writes the journey's state and everything in <see cref="Journey.Pending"/> as one transaction. The state row
    /// carries the ETag it was read with, so a concurrent writer makes the whole batch fail with 412 and nothing
    /// of it is written.
    /// </summary>
    public async Task CommitAsync(Journey journey, bool isNew, CancellationToken cancellationToken)
    {
        var pending = journey.Pending;
        var actions = new List<TableTransactionAction>
        {
            isNew
                ? new TableTransactionAction(TableTransactionActionType.Add, ToState(journey))
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToState(journey), journey.ETag),
        };
        actions.AddRange(pending.Deadlines.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToRow(journey.Id, journey.Deadlines[c]))));
        actions.AddRange(pending.Nudges.Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToRow(journey.Id, journey.Nudges[n]))));
        actions.AddRange(pending.History.Select(h => new TableTransactionAction(TableTransactionActionType.Add, ToRow(journey.Id, h))));
        actions.AddRange(pending.Outbox.Select(m => new TableTransactionAction(TableTransactionActionType.Add, ToRow(m))));
        actions.AddRange(pending.MessageUpdates.Select(m => new TableTransactionAction(TableTransactionActionType.UpdateMerge, DeliveryState(m), ETag.All)));

        var response = await storage.Journeys.SubmitTransactionAsync(actions, cancellationToken);
        journey.ETag = response.Value[0].Headers.ETag ?? ETag.All;
        journey.Messages.AddRange(pending.Outbox);
    }

    /// <summary>
    /// Claims a message for one dispatcher: a write under the message row's ETag, so of two dispatchers one wins.
    /// Null when someone else changed it first.
    /// </summary>
    public async Task<OutboxMessage?> ClaimAsync(OutboxMessage message, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var claimed = message with
        {
            Status = DeliveryStatus.Sending,
            Attempts = message.Attempts + 1,
            FirstAttemptAt = message.FirstAttemptAt ?? now,
            ClaimedUntil = until,
        };
        try
        {
            var response = await storage.Journeys.UpdateEntityAsync(DeliveryState(claimed), message.ETag.Equals(default(ETag)) ? ETag.All : message.ETag, TableUpdateMode.Merge, cancellationToken);
            return claimed with { ETag = response.Headers.ETag ?? ETag.All };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Records what a provider made of a message. Not ETag-guarded: the claim already decided who records.</summary>
    public async Task RecordAsync(
        OutboxMessage message, DeliveryStatus status, string provider, string? providerId, DateTimeOffset? sentAt, string? error, DateTimeOffset? retryAt,
        CancellationToken cancellationToken)
    {
        var recorded = message with
        {
            Status = status,
            Provider = provider,
            ProviderId = providerId ?? message.ProviderId,
            SentAt = sentAt ?? message.SentAt,
            LastError = error,
            NotBefore = retryAt ?? message.NotBefore,
            ClaimedUntil = null,
            Attempts = message.Attempts == 0 ? 1 : message.Attempts,
            FirstAttemptAt = message.FirstAttemptAt ?? sentAt ?? message.NotBefore,
        };
        await storage.Journeys.UpdateEntityAsync(DeliveryState(recorded), ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private static TableEntity DeliveryState(OutboxMessage m) => new(m.JourneyId, OutboxPrefix + m.Purpose)
    {
        ["Status"] = m.Status.ToString(),
        ["Attempts"] = m.Attempts,
        ["FirstAttemptAt"] = m.FirstAttemptAt,
        ["ClaimedUntil"] = m.ClaimedUntil,
        ["NotBefore"] = m.NotBefore,
        ["Provider"] = m.Provider,
        ["ProviderId"] = m.ProviderId,
        ["SentAt"] = m.SentAt,
        ["DeliveredAt"] = m.DeliveredAt,
        ["LastError"] = m.LastError,
    };

    /// <summary>
    /// One page of journeys' state rows matching an OData filter over the state properties. This scans the table
    /// server-side; a per-council index table is the next step when lists grow past tens of thousands.
    /// </summary>
    public async Task<(List<StoredSummary> Items, string? ContinuationToken)> ListAsync(string? filter, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var stateRows = $"RowKey eq '{StateRow}'";
        var query = storage.Journeys.QueryAsync<TableEntity>(filter is null ? stateRows : $"{stateRows} and {filter}", pageSize, cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(continuationToken, pageSize))
        {
            var items = page.Values.Select(e => new StoredSummary(
                ToJourney(e), e.GetBoolean("Overdue") ?? false, e.GetString("NextClock"), e.GetDateTimeOffset("NextDueAt")));
            return ([.. items], page.ContinuationToken);
        }

        return ([], null);
    }

    private static TableEntity ToState(Journey j) => new(j.Id, StateRow)
    {
        ["LocalAuthority"] = j.LocalAuthority,
        ["Stage"] = j.Stage.ToString(),
        ["Status"] = j.Status.ToString(),
        ["PolicyVersion"] = j.PolicyVersion,
        ["Applicant"] = JsonSerializer.Serialize(j.Applicant, Json),
        ["Consent"] = JsonSerializer.Serialize(j.Consent, Json),
        ["Channel"] = j.Channel,
        ["ReceivedAt"] = j.ReceivedAt,
        ["CreatedAt"] = j.CreatedAt,
        ["UpdatedAt"] = j.UpdatedAt,
        ["Milestones"] = JsonSerializer.Serialize(j.Milestones, Json),
        ["HistoryCount"] = j.HistoryCount,
        ["WakeAt"] = j.WakeAt,
        ["WithdrawalReason"] = j.WithdrawalReason,
        ["Hub"] = j.Hub is null ? null : JsonSerializer.Serialize(j.Hub, Json),
        ["Buddy"] = j.Buddy is null ? null : JsonSerializer.Serialize(j.Buddy, Json),
        ["Routings"] = j.Routings,
        ["Flags"] = JsonSerializer.Serialize(j.Flags, Json),
        // Denormalised for list filters: Table storage can only filter on a row's own properties.
        ["Overdue"] = j.IsOverdue,
        ["NextDueAt"] = j.NextOpenDeadline?.DueAt,
        ["NextClock"] = j.NextOpenDeadline?.Clock.ToString(),
    };

    private static Journey ToJourney(TableEntity e) => new()
    {
        Id = e.PartitionKey,
        LocalAuthority = e.GetString("LocalAuthority"),
        Stage = Enum.Parse<Stage>(e.GetString("Stage")),
        Status = Enum.Parse<JourneyStatus>(e.GetString("Status")),
        PolicyVersion = e.GetString("PolicyVersion"),
        Applicant = JsonSerializer.Deserialize<Applicant>(e.GetString("Applicant"), Json)!,
        Consent = JsonSerializer.Deserialize<Consent>(e.GetString("Consent"), Json)!,
        Channel = e.GetString("Channel"),
        ReceivedAt = e.GetDateTimeOffset("ReceivedAt")!.Value,
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt")!.Value,
        Milestones = JsonSerializer.Deserialize<List<Milestone>>(e.GetString("Milestones"), Json)!,
        HistoryCount = e.GetInt32("HistoryCount") ?? 0,
        WakeAt = e.GetDateTimeOffset("WakeAt"),
        WithdrawalReason = e.GetString("WithdrawalReason"),
        Hub = e.GetString("Hub") is { } hub ? JsonSerializer.Deserialize<HubHandOff>(hub, Json) : null,
        Buddy = e.GetString("Buddy") is { } buddy ? JsonSerializer.Deserialize<BuddyPairing>(buddy, Json) : null,
        Routings = e.GetInt32("Routings") ?? 0,
        Flags = e.GetString("Flags") is { } flags ? JsonSerializer.Deserialize<List<string>>(flags, Json)! : [],
        ETag = e.ETag,
    };

    private static TableEntity ToRow(string journeyId, Deadline d) => new(journeyId, DeadlinePrefix + d.Clock)
    {
        ["Clock"] = d.Clock.ToString(),
        ["StartedAt"] = d.StartedAt,
        ["DueAt"] = d.DueAt,
        ["WarnAt"] = d.WarnAt,
        ["EscalateAt"] = d.EscalateAt,
        ["State"] = d.State.ToString(),
        ["WarnedAt"] = d.WarnedAt,
        ["BreachedAt"] = d.BreachedAt,
        ["EscalatedAt"] = d.EscalatedAt,
        ["MetAt"] = d.MetAt,
        ["CancelledAt"] = d.CancelledAt,
    };

    private static Deadline ToDeadline(TableEntity e) => new()
    {
        Clock = Enum.Parse<ClockName>(e.GetString("Clock")),
        StartedAt = e.GetDateTimeOffset("StartedAt")!.Value,
        DueAt = e.GetDateTimeOffset("DueAt")!.Value,
        WarnAt = e.GetDateTimeOffset("WarnAt")!.Value,
        EscalateAt = e.GetDateTimeOffset("EscalateAt")!.Value,
        State = Enum.Parse<DeadlineState>(e.GetString("State")),
        WarnedAt = e.GetDateTimeOffset("WarnedAt"),
        BreachedAt = e.GetDateTimeOffset("BreachedAt"),
        EscalatedAt = e.GetDateTimeOffset("EscalatedAt"),
        MetAt = e.GetDateTimeOffset("MetAt"),
        CancelledAt = e.GetDateTimeOffset("CancelledAt"),
    };

    private static TableEntity ToRow(string journeyId, Nudge n) => new(journeyId, NudgePrefix + n.Name)
    {
        ["NextAt"] = n.NextAt,
        ["Count"] = n.Count,
    };

    private static TableEntity ToRow(string journeyId, HistoryEntry h) =>
        new(journeyId, HistoryPrefix + h.Seq.ToString("D6", CultureInfo.InvariantCulture))
        {
            ["Seq"] = h.Seq,
            ["Type"] = h.Type,
            ["At"] = h.At,
            ["RecordedAt"] = h.RecordedAt,
            ["Actor"] = h.Actor,
            ["Data"] = h.Data?.GetRawText(),
        };

    private static HistoryEntry ToHistory(TableEntity e) => new(
        e.GetInt32("Seq") ?? 0,
        e.GetString("Type"),
        e.GetDateTimeOffset("At")!.Value,
        e.GetDateTimeOffset("RecordedAt")!.Value,
        e.GetString("Actor"),
        e.GetString("Data") is { } data ? JsonDocument.Parse(data).RootElement.Clone() : null);

    private static TableEntity ToRow(OutboxMessage m) => new(m.JourneyId, OutboxPrefix + m.Purpose)
    {
        ["Kind"] = m.Kind.ToString(),
        ["Channel"] = m.Channel,
        ["To"] = m.To,
        ["Template"] = m.Template,
        ["Subject"] = m.Subject,
        ["Body"] = m.Body,
        ["Fields"] = JsonSerializer.Serialize(m.Fields, Json),
        ["Council"] = m.Council,
        ["CreatedAt"] = m.CreatedAt,
        ["NotBefore"] = m.NotBefore,
        ["Status"] = m.Status.ToString(),
        ["Attempts"] = m.Attempts,
    };

    private static OutboxMessage ToOutbox(TableEntity e) => new(
        e.PartitionKey,
        e.RowKey[OutboxPrefix.Length..],
        Enum.Parse<MessageKind>(e.GetString("Kind")),
        e.GetString("Channel"),
        e.GetString("To"),
        e.GetString("Template"),
        e.GetString("Body"),
        e.GetDateTimeOffset("CreatedAt")!.Value)
    {
        Subject = e.GetString("Subject"),
        Fields = e.GetString("Fields") is { } fields ? JsonSerializer.Deserialize<Dictionary<string, string>>(fields, Json)! : new Dictionary<string, string>(),
        Council = e.GetString("Council") ?? "",
        NotBefore = e.GetDateTimeOffset("NotBefore") ?? e.GetDateTimeOffset("CreatedAt")!.Value,
        Status = Enum.TryParse<DeliveryStatus>(e.GetString("Status"), out var status) ? status : DeliveryStatus.Pending,
        Attempts = e.GetInt32("Attempts") ?? 0,
        FirstAttemptAt = e.GetDateTimeOffset("FirstAttemptAt"),
        ClaimedUntil = e.GetDateTimeOffset("ClaimedUntil"),
        Provider = e.GetString("Provider"),
        ProviderId = e.GetString("ProviderId"),
        SentAt = e.GetDateTimeOffset("SentAt"),
        DeliveredAt = e.GetDateTimeOffset("DeliveredAt"),
        LastError = e.GetString("LastError"),
        ETag = e.ETag,
    };
}
