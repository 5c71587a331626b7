using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Notifications.Providers;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Records;

/// <summary>
/// The records a council keeps about people. The people index (table <c>People</c>: a partition per email or phone, keyed
/// by its hash, and a row per journey) names the journeys of each person, so a subject access request or an erasure reads
/// one partition; it is written before the journey, like a timer, so a crash never leaves a journey the index does not name. The purge removes a
/// journey from everywhere its personal data lives and leaves the anonymised record (table <c>Archive</c>) that keeps past
/// years' figures right.
/// </summary>
public sealed partial class RecordKeeper(
    StorageAccount storage, JourneyStore journeys, DevOutboxProvider devOutbox, Notifications.StatusLinks links, BuddyPool buddies, IFigureKeeper figures, IWorkIndex work,
    Policies.PolicyBook policies, TimeProvider time, ILogger<RecordKeeper> logger) : IRecordKeeper
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEnumerable<string> KeysOf(Applicant applicant) =>
        new[] { PersonKey.ForEmail(applicant.Email), PersonKey.ForPhone(applicant.Phone) }.OfType<string>();

    public Task IndexAsync(Journey journey, CancellationToken cancellationToken) =>
        Task.WhenAll(KeysOf(journey.Applicant).Select(key => storage.People.UpsertEntityAsync(
            new TableEntity(key, IndexRowKey(key, journey.Id)) { ["JourneyId"] = journey.Id, ["Council"] = journey.LocalAuthority }, TableUpdateMode.Replace, cancellationToken)));

    /// <summary>Removes a journey from the index rows of the given keys (after a correction, or at a purge).</summary>
    public Task UnindexReplacedAsync(string journeyId, IEnumerable<Applicant> replaced, Applicant current, CancellationToken cancellationToken) =>
        UnindexAsync(journeyId, replaced.SelectMany(KeysOf).Distinct(StringComparer.Ordinal).Except(KeysOf(current), StringComparer.Ordinal), cancellationToken);

    public Task UnindexAsync(string journeyId, IEnumerable<string> keys, CancellationToken cancellationToken) =>
        Task.WhenAll(keys.Select(key => storage.People.DeleteEntityAsync(key, IndexRowKey(key, journeyId), cancellationToken: cancellationToken)));

    /// <summary>The journeys the index names for a person key (some may have been purged since).</summary>
    public async Task<IReadOnlyList<IndexedJourney>> FindAsync(string key, CancellationToken cancellationToken)
    {
        var found = new List<IndexedJourney>();
        await foreach (var row in storage.People.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key}"), cancellationToken: cancellationToken))
        {
            found.Add(new IndexedJourney(row.GetString("JourneyId"), row.GetString("Council")));
        }

        return found;
    }

    /// <summary>
    /// Purges a journey: the anonymised record first (so a crash never loses the figures), then its messages as the dev
    /// provider holds them, its index entries, its history and messages, and its state row last. Every step is a point
    /// write or delete that a second run finds done, so a purge interrupted anywhere finishes when it runs again.
    /// </summary>
    public Task PurgeAsync(Journey journey, CancellationToken cancellationToken) => PurgeAsync(journey, PurgeReason.Retention, cancellationToken);

    /// <inheritdoc cref="PurgeAsync(Journey, CancellationToken)"/>
    public async Task PurgeAsync(Journey journey, PurgeReason reason, CancellationToken cancellationToken)
    {
        await storage.Archive.UpsertEntityAsync(ArchiveRow(journey, reason, time.GetUtcNow()), TableUpdateMode.Replace, cancellationToken);
        await storage.Archive.UpsertEntityAsync(new TableEntity(PurgedPartition, ArchiveKey(journey.Id)), TableUpdateMode.Replace, cancellationToken);
        await devOutbox.ForgetAsync(journey.Id, journey.StoredPurposes, cancellationToken);

        await UnindexAsync(journey.Id, KeysOf(journey.Applicant), cancellationToken);
        await links.ForgetAsync(journey.Id, journey.LinkGeneration, cancellationToken); // every link the applicant had stops opening anything

        // The reports keep their counts (they name no one) but forget the journey in their breach lists.
        var zone = policies.ZoneOf(journey.LocalAuthority);
        await figures.ForgetAsync(journey.LocalAuthority, journey.Id,
            journey.Deadlines.Values.Where(d => d.BreachedAt is not null).Select(d => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(d.StartedAt, zone).DateTime)),
            cancellationToken);
        // An enquiry erased while it runs leaves its council's worklist (an ended journey has left it already), before
        // the state row goes: a purge interrupted after it finds the journey again and finishes.
        await work.RemoveAsync(journey.LocalAuthority, journey.Id, cancellationToken);
        if (await journeys.DeleteAsync(journey, cancellationToken))
        {
            Log.Purged(logger, journey.Id, journey.LocalAuthority);
        }

        if (journey.Status == JourneyStatus.Active && journey.Buddy is { } buddy)
        {
            // An enquiry erased while it runs gives its peer buddy's place back, as an ended journey does (once it is gone).
            await buddies.ReleaseAsync(journey.LocalAuthority, buddy.Id, journey.Id, cancellationToken);
        }
    }

    public async Task<bool> WasPurgedAsync(string journeyId, CancellationToken cancellationToken) =>
        (await storage.Archive.GetEntityIfExistsAsync<TableEntity>(PurgedPartition, ArchiveKey(journeyId), select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>A marker per purged journey, by the same one-way key, so that a retry (an Idempotency-Key, a hub's id) cannot recreate it.</summary>
    private const string PurgedPartition = "~purged";

    /// <summary>The key of a journey's anonymised record: not its id, so that nothing links the record back to the person.</summary>
    public static string ArchiveKey(string journeyId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("archive:" + journeyId)))[..32];

    private static TableEntity ArchiveRow(Journey j, PurgeReason reason, DateTimeOffset now) => new(j.LocalAuthority, ArchiveKey(j.Id))
    {
        ["PurgedFor"] = reason.ToString(),
        ["Council"] = j.LocalAuthority,
        ["Channel"] = j.Channel,
        ["RouteReason"] = j.Hub?.RouteReason.Wire(),
        ["ReceivedAt"] = j.ReceivedAt,
        ["EndedAt"] = j.EndedAt,
        ["PurgedAt"] = now,
        ["Stage"] = j.Stage.ToString(),
        ["Status"] = j.Status.ToString(),
        ["WithdrawalReason"] = j.WithdrawalReason,
        ["PolicyVersion"] = j.PolicyVersion,
        // Which steps happened and when; never their details (a check's person, a reason, a booked time).
        ["Steps"] = JsonSerializer.Serialize(j.Milestones.Select(m => new { m.Type, m.At }), Json),
        ["Clocks"] = JsonSerializer.Serialize(j.Deadlines.Values.Select(d => new { Clock = d.Clock.ToString(), d.StartedAt, d.DueAt, State = d.State.ToString(), d.MetAt }), Json),
        ["HouseholdSize"] = j.Household.Count + 1,
    };


    // One row per person and journey, so that no two journeys ever write the same row (no contention, no row that grows).
    private static string IndexRowKey(string key, string journeyId) => $"{key}~{journeyId}";
}
