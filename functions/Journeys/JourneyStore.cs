using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Authentication;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// A journey is one partition of the Journeys table, read only by point reads, never by a query: the cost of a load
/// does not grow with the number of journeys. Every row key starts with the journey id, because Azurite (like any
/// index on RowKey) finds a row by its RowKey first; a key such as <c>state</c> shared by every journey makes each
/// point read a walk over all of them.
/// <list type="bullet">
/// <item><c>{id}</c>: the state row. Everything the engine needs is here, each part bounded: clocks (one per clock name),
/// nudges (one per name), milestones (one per kind), the newest history entries (the tail), the message ledger.</item>
/// <item><c>{id}~h{page}</c>: history pages, written once when the tail fills and never changed.</item>
/// <item><c>{id}~o~{purpose}</c>: one row per message, its words and its delivery state.</item>
/// </list>
/// A change writes the state row under its ETag, with any new history page and new message rows, as one entity group
/// transaction.
/// </summary>
public sealed class JourneyStore(StorageAccount storage) : IOutboxStore
{
    /// <summary>The tail moves to a page once it is this long (UTF-16 characters of JSON).</summary>
    internal const int TailLimit = 8_000;

    /// <summary>A page holds at most this much (a string property holds at most 32K characters).</summary>
    internal const int PageLimit = 24_000;

    private const string PageMark = "~h";
    private const string MessageMark = "~o~";

    // Relaxed escaping: stored JSON is never HTML, and escaping every non-ASCII letter as \uXXXX would make a Welsh
    // or Polish name six times longer in a property whose size is limited.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string MessageRowKey(string journeyId, string purpose) => journeyId + MessageMark + purpose;

    /// <summary>
    /// Deletes every row of a journey: its history pages and messages first, its state row last, so that a crash half-way
    /// leaves the state row, from which the rest can still be found and the purge finished. Each delete is a point delete
    /// that a second run finds already done. Returns false when the state row had already gone.
    /// </summary>
    public async Task<bool> DeleteAsync(Journey journey, CancellationToken cancellationToken)
    {
        var id = journey.Id;
        var rows = Enumerable.Range(0, journey.HistoryPages).Select(p => PageRowKey(id, p))
            .Concat(journey.StoredPurposes.Select(purpose => MessageRowKey(id, purpose)));
        var table = storage.JourneysOf(id);
        foreach (var batch in rows.Chunk(100))
        {
            await Task.WhenAll(batch.Select(key => table.DeleteEntityAsync(id, key, cancellationToken: cancellationToken)));
        }

        var state = await table.DeleteEntityAsync(id, id, cancellationToken: cancellationToken);
        return state.Status != 404;
    }

    /// <summary>Whether a caller's text could name a journey: ids are 32 hexadecimal digits, so anything long or odd cannot.</summary>
    private static bool CanBeAnId(string journeyId) =>
        journeyId.Length is > 0 and <= 64 && journeyId.All(char.IsAsciiLetterOrDigit);

    private static string PageRowKey(string journeyId, int page) => journeyId + PageMark + page.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>
    /// Loads a journey by point reads: the state row, then the messages and history pages the depth asks for (with
    /// <see cref="LoadDepth.Working"/>, also the named <paramref name="messages"/>, such as the one a receipt is about).
    /// </summary>
    public async Task<(Journey Journey, List<HistoryEntry> History)?> LoadAsync(
        string journeyId, LoadDepth depth, IReadOnlyCollection<string>? messages = null, CancellationToken cancellationToken = default)
    {
        if (!CanBeAnId(journeyId))
        {
            return null; // no journey has such an id, and storage would refuse the key (an 8,000-character path is a 431)
        }

        var state = await storage.JourneysOf(journeyId).GetEntityIfExistsAsync<TableEntity>(journeyId, journeyId, cancellationToken: cancellationToken);
        if (!state.HasValue || state.Value is not { } row)
        {
            return null;
        }

        var journey = ToJourney(row);
        return depth switch
        {
            LoadDepth.State => (journey, []),
            LoadDepth.Working => (journey, await ReadRestAsync(journey, [.. journey.OpenMessages.Union(messages ?? [], StringComparer.Ordinal).Where(journey.MessageLog.Contains)], withHistory: false, cancellationToken)),
            _ => (journey, await ReadEverythingElseAsync(journey, cancellationToken)),
        };
    }

    /// <summary>Reads every message and the whole history of a journey whose state row is already in hand (just committed).</summary>
    public async Task<List<HistoryEntry>> ReadEverythingElseAsync(Journey journey, CancellationToken cancellationToken)
    {
        journey.Messages.Clear();
        return await ReadRestAsync(journey, journey.MessageLog, withHistory: true, cancellationToken);
    }

    private async Task<List<HistoryEntry>> ReadRestAsync(Journey journey, IReadOnlyCollection<string> wanted, bool withHistory, CancellationToken cancellationToken)
    {
        var id = journey.Id;
        var table = storage.JourneysOf(id);
        var messageReads = wanted.Select(p => table.GetEntityIfExistsAsync<TableEntity>(id, MessageRowKey(id, p), cancellationToken: cancellationToken)).ToList();
        var pageReads = (withHistory ? Enumerable.Range(0, journey.HistoryPages) : [])
            .Select(p => table.GetEntityIfExistsAsync<TableEntity>(id, PageRowKey(id, p), cancellationToken: cancellationToken)).ToList();
        foreach (var read in messageReads)
        {
            // A row named but gone (a purge cut short after deleting it) is skipped: reading its Value would throw.
            if (await read is { HasValue: true, Value: { } message })
            {
                journey.Messages.Add(ToOutbox(message));
            }
        }

        var history = new List<HistoryEntry>();
        foreach (var read in pageReads)
        {
            if (await read is { HasValue: true, Value: { } page })
            {
                history.AddRange(JsonSerializer.Deserialize<List<HistoryEntry>>(page.GetString("Entries"), Json)!);
            }
        }

        if (withHistory)
        {
            history.AddRange(journey.HistoryTail);
        }

        return history;
    }

    /// <summary>
    /// Writes the journey's state and everything in <see cref="Journey.Pending"/> as one transaction. The state row
    /// carries the ETag it was read with, so a concurrent writer makes the whole batch fail and nothing of it is
    /// written: <see cref="JourneyChangedException"/>, or <see cref="JourneyExistsException"/> for a new journey
    /// whose id is taken. Storage's own errors stop here.
    /// </summary>
    public async Task CommitAsync(Journey journey, bool isNew, CancellationToken cancellationToken)
    {
        var pending = journey.Pending;
        var tail = journey.HistoryTail.Concat(pending.History).ToList();
        var newPages = new List<TableEntity>();
        var pageCount = journey.HistoryPages;
        while (tail.Count > 0 && JsonSerializer.Serialize(tail, Json).Length > TailLimit)
        {
            var take = 1;
            while (take < tail.Count && JsonSerializer.Serialize(tail.Take(take + 1), Json).Length <= PageLimit)
            {
                take++;
            }

            newPages.Add(new TableEntity(journey.Id, PageRowKey(journey.Id, pageCount++)) { ["Entries"] = JsonSerializer.Serialize(tail.Take(take), Json) });
            tail = tail[take..];
        }

        var log = journey.MessageLog.Concat(pending.Outbox.Select(m => m.Purpose)).ToList();
        var open = journey.Messages.Concat(pending.MessageUpdates).Concat(pending.Outbox)
            .GroupBy(m => m.Purpose, StringComparer.Ordinal)
            .Where(g => g.Last().IsUndelivered)
            .Select(g => g.Key)
            .ToList();
        var state = ToState(journey, tail, pageCount, log, open);

        var actions = new List<TableTransactionAction>
        {
            isNew
                ? new TableTransactionAction(TableTransactionActionType.Add, state)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, VersionOf(journey.Version)),
        };
        actions.AddRange(newPages.Select(p => new TableTransactionAction(TableTransactionActionType.Add, p)));
        actions.AddRange(pending.Outbox.Select(m => new TableTransactionAction(TableTransactionActionType.Add, ToRow(m))));
        actions.AddRange(pending.MessageUpdates.Select(m => new TableTransactionAction(TableTransactionActionType.UpdateMerge, DeliveryState(m), ETag.All)));

        Response<IReadOnlyList<Response>> response;
        try
        {
            response = await storage.JourneysOf(journey.Id).SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (RequestFailedException e) when (isNew && e.IsAlreadyExists())
        {
            throw new JourneyExistsException(journey.Id, e);
        }
        catch (RequestFailedException e) when (!isNew && e.IsChanged())
        {
            throw new JourneyChangedException(journey.Id, e);
        }

        journey.Version = (response.Value[0].Headers.ETag ?? ETag.All).ToString();
        journey.Messages.AddRange(pending.Outbox);
        journey.MessageLog = log;
        journey.OpenMessages = open;
        journey.HistoryTail = tail;
        journey.HistoryPages = pageCount;
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
            var response = await storage.JourneysOf(message.JourneyId).UpdateEntityAsync(DeliveryState(claimed), VersionOf(message.Version), TableUpdateMode.Merge, cancellationToken);
            return claimed with { Version = (response.Headers.ETag ?? ETag.All).ToString() };
        }
        catch (RequestFailedException e) when (e.IsChanged() || e.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>Records what a provider made of a message. Not ETag-guarded: the claim already decided who records.</summary>
    public async Task RecordAsync(
        OutboxMessage message, DeliveryStatus status, string provider, string? providerId, DateTimeOffset? sentAt, string? failure, DateTimeOffset? retryAt,
        CancellationToken cancellationToken)
    {
        var recorded = message with
        {
            Status = status,
            Provider = provider,
            ProviderId = providerId ?? message.ProviderId,
            SentAt = sentAt ?? message.SentAt,
            LastError = failure,
            NotBefore = retryAt ?? message.NotBefore,
            ClaimedUntil = null,
            Attempts = message.Attempts == 0 ? 1 : message.Attempts,
            FirstAttemptAt = message.FirstAttemptAt ?? sentAt ?? message.NotBefore,
        };
        await storage.JourneysOf(message.JourneyId).UpdateEntityAsync(DeliveryState(recorded), ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private static TableEntity DeliveryState(OutboxMessage m) => new(m.JourneyId, MessageRowKey(m.JourneyId, m.Purpose))
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
    /// Whether a continuation token is one this service gave out: the storage token with a checksum, so a garbled or
    /// made-up token is refused rather than silently answered with an empty page.
    /// </summary>
    public static bool IsPageToken(string token) => OpenToken(token) is not null;

    private static string? SealToken(string? raw) =>
        raw is null ? null : Base64UrlTextEncoder.Encode(System.Text.Encoding.UTF8.GetBytes($"{raw}\n{Checksum(raw)}"));

    private static string? OpenToken(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Base64UrlTextEncoder.Decode(token));
            var cut = text.LastIndexOf('\n');
            return cut > 0 && text[(cut + 1)..] == Checksum(text[..cut]) ? text[..cut] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Checksum(string raw) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw)))[..16];

    /// <summary>
    /// One page of journeys' state rows matching an OData filter over the state properties. This scans the journey tables
    /// server-side, one after another, filling the page from the next table when one runs out; the token names the table
    /// and the place in it. A per-council index table is the next step when lists grow past tens of thousands.
    /// </summary>
    public async Task<(List<StoredSummary> Items, string? ContinuationToken)> ListAsync(string? filter, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var (shard, position) = OpenToken(continuationToken) is { } raw && raw.IndexOf(':') is var cut and > 0
            && int.TryParse(raw.AsSpan(0, cut), NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at < StorageAccount.Shards
            ? (at, raw[(cut + 1)..] is { Length: > 0 } inner ? inner : null)
            : (0, null);
        const string stateRows = "Row eq 'state'";
        var query = filter is null ? stateRows : $"{stateRows} and {filter}";
        var items = new List<StoredSummary>();
        // A bound on the storage calls of one request: a selective filter over large tables can come back as many short pages.
        for (var calls = 0; shard < StorageAccount.Shards && items.Count < pageSize && calls < 2 * StorageAccount.Shards; calls++)
        {
            var wanted = pageSize - items.Count;
            string? next = null;
            await foreach (var page in storage.JourneyTables[shard].QueryAsync<TableEntity>(query, wanted, cancellationToken: cancellationToken).AsPages(position, wanted))
            {
                items.AddRange(page.Values.Select(e => new StoredSummary(
                    ToJourney(e), e.GetBoolean("Overdue") ?? false, e.GetString("NextClock"), e.GetDateTimeOffset("NextDueAt"))));
                next = page.ContinuationToken;
                break;
            }

            (shard, position) = next is null ? (shard + 1, null) : (shard, next);
        }

        return (items, shard < StorageAccount.Shards ? SealToken($"{shard}:{position}") : null);
    }

    private static TableEntity ToState(Journey j, List<HistoryEntry> tail, int pages, List<string> log, List<string> open) => new(j.Id, j.Id)
    {
        // Marks state rows for the list query: the row key is the journey id, so it cannot.
        ["Row"] = "state",
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
        ["LastEventAt"] = j.LastEventAt,
        ["Milestones"] = JsonSerializer.Serialize(j.Milestones, Json),
        ["Deadlines"] = JsonSerializer.Serialize(j.Deadlines.Values, Json),
        ["Nudges"] = JsonSerializer.Serialize(j.Nudges.Values, Json),
        ["HistoryCount"] = j.HistoryCount,
        ["HistoryPages"] = pages,
        ["HistoryTail"] = JsonSerializer.Serialize(tail, Json),
        ["MessageLog"] = JsonSerializer.Serialize(log, Json),
        ["OpenMessages"] = JsonSerializer.Serialize(open, Json),
        ["WakeAt"] = j.WakeAt,
        ["WithdrawalReason"] = j.WithdrawalReason,
        ["AllocatedTo"] = j.AllocatedTo,
        ["StallToldFor"] = j.StallToldFor,
        ["LinkGeneration"] = j.LinkGeneration,
        ["AttentionSince"] = j.AttentionSince,
        ["EndedAt"] = j.EndedAt,
        ["ApprovalEndedAt"] = j.ApprovalEndedAt,
        ["RetainUntil"] = j.RetainUntil,
        ["Hub"] = j.Hub is null ? null : JsonSerializer.Serialize(j.Hub, Json),
        ["RequestHash"] = j.RequestHash,
        ["StepKeys"] = j.StepKeys.Count == 0 ? null : JsonSerializer.Serialize(j.StepKeys, Json),
        ["Buddy"] = j.Buddy is null ? null : JsonSerializer.Serialize(j.Buddy, Json),
        ["Routings"] = j.Routings,
        ["Flags"] = JsonSerializer.Serialize(j.Flags, Json),
        ["Household"] = JsonSerializer.Serialize(j.Household, Json),
        // Denormalised for list filters: Table storage can only filter on a row's own properties.
        ["Overdue"] = j.IsOverdue,
        ["NextDueAt"] = j.NextOpenDeadline?.DueAt,
        ["NextClock"] = j.NextOpenDeadline?.Clock.ToString(),
    };

    private static Journey ToJourney(TableEntity e)
    {
        var journey = new Journey
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
            LastEventAt = e.GetDateTimeOffset("LastEventAt") ?? e.GetDateTimeOffset("ReceivedAt")!.Value,
            Milestones = Read<List<Milestone>>(e, "Milestones") ?? [],
            HistoryCount = e.GetInt32("HistoryCount") ?? 0,
            HistoryPages = e.GetInt32("HistoryPages") ?? 0,
            HistoryTail = Read<List<HistoryEntry>>(e, "HistoryTail") ?? [],
            MessageLog = Read<List<string>>(e, "MessageLog") ?? [],
            OpenMessages = Read<List<string>>(e, "OpenMessages") ?? [],
            WakeAt = e.GetDateTimeOffset("WakeAt"),
            WithdrawalReason = e.GetString("WithdrawalReason"),
            AllocatedTo = e.GetString("AllocatedTo"),
            StallToldFor = e.GetDateTimeOffset("StallToldFor"),
            LinkGeneration = e.GetInt32("LinkGeneration") ?? 1,
            AttentionSince = e.GetDateTimeOffset("AttentionSince"),
            EndedAt = e.GetDateTimeOffset("EndedAt"),
            ApprovalEndedAt = e.GetDateTimeOffset("ApprovalEndedAt"),
            RetainUntil = e.GetDateTimeOffset("RetainUntil"),
            Hub = Read<HubHandOff>(e, "Hub"),
            RequestHash = e.GetString("RequestHash"),
            StepKeys = Read<List<StepKey>>(e, "StepKeys") ?? [],
            Buddy = Read<BuddyPairing>(e, "Buddy"),
            Routings = e.GetInt32("Routings") ?? 0,
            Flags = Read<List<string>>(e, "Flags") ?? [],
            Household = Read<List<HouseholdMember>>(e, "Household") ?? [],
            Version = e.ETag.ToString(),
        };
        foreach (var deadline in Read<List<Deadline>>(e, "Deadlines") ?? [])
        {
            journey.Deadlines[deadline.Clock] = deadline;
        }

        foreach (var nudge in Read<List<Nudge>>(e, "Nudges") ?? [])
        {
            journey.Nudges[nudge.Name] = nudge;
        }

        return journey;
    }

    private static T? Read<T>(TableEntity e, string property) where T : class =>
        e.GetString(property) is { } json ? JsonSerializer.Deserialize<T>(json, Json) : null;

    private static TableEntity ToRow(OutboxMessage m) => new(m.JourneyId, MessageRowKey(m.JourneyId, m.Purpose))
    {
        ["Purpose"] = m.Purpose,
        ["Kind"] = m.Kind.ToString(),
        ["Channel"] = m.Channel.Wire(),
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
        e.GetString("Purpose"),
        Enum.Parse<MessageKind>(e.GetString("Kind")),
        MessageChannels.Parse(e.GetString("Channel")),
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
        Version = e.ETag.ToString(),
    };

    /// <summary>The ETag a version stands for; none known (a row never read) writes unconditionally.</summary>
    private static ETag VersionOf(string? version) => string.IsNullOrEmpty(version) ? ETag.All : new ETag(version);
}
