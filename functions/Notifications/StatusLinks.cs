using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Notifications;

/// <summary>
/// The applicant's personal link to <c>/status/{token}</c>. A token is 128 bits of HMAC-SHA256 under the service's link key
/// (<see cref="StatusLinkOptions"/>) over the journey's id and the link's generation: no one without the key can make one,
/// and the same message sent again carries the same link. It is never stored: a message is stored with a marker
/// (<see cref="Marker"/>) that the dispatcher turns into the link as it hands the message over, and the people index holds only
/// the token's SHA-256, naming the journey and the generation. A new generation (asked for, or a correction of the email or
/// phone) ends every earlier link; a purge removes every generation's row.
/// </summary>
public sealed partial class StatusLinks(IOptions<StatusLinkOptions> options, IOptions<EngineOptions> engine, StorageAccount storage)
{
    /// <summary>The path the links lead to.</summary>
    public const string Path = "/status/";

    private const string RowKey = "link";

    /// <summary>What a message holds where its link will go, for the link's generation.</summary>
    public static string Marker(int generation) => $"((statusLink:{generation.ToString(CultureInfo.InvariantCulture)}))";

    public string TokenFor(string journeyId, int generation) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(options.Value.KeyBytes, Encoding.UTF8.GetBytes($"status:{journeyId}:{generation.ToString(CultureInfo.InvariantCulture)}")).AsSpan(0, 16));

    public Uri LinkFor(string journeyId, int generation) => new(engine.Value.PublicBaseUrl!, Path + TokenFor(journeyId, generation));

    /// <summary>
    /// The message as it leaves: each marker replaced by the link, whose token row is written first (a point upsert, the same
    /// each time), so every link a person receives opens their page.
    /// </summary>
    public async Task<OutboxMessage> FillAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        // Only an applicant's own messages carry their link (a staff alert never does, whatever a name in it says), and only
        // where the composer put it: the template's statusLink field.
        if (message.Kind == MessageKind.StaffAlert || !message.Fields.TryGetValue("statusLink", out var marker) || MarkerPattern().Match(marker) is not { Success: true } found)
        {
            return message;
        }

        var generation = int.Parse(found.Groups[1].Value, CultureInfo.InvariantCulture);
        var link = LinkFor(message.JourneyId, generation).ToString();
        await storage.People.UpsertEntityAsync(new TableEntity(PartitionOf(TokenFor(message.JourneyId, generation)), RowKey)
        {
            ["JourneyId"] = message.JourneyId,
            ["Generation"] = generation,
        }, TableUpdateMode.Replace, cancellationToken);
        return message with
        {
            Body = message.Body.Replace(marker, link, StringComparison.Ordinal),
            Fields = new Dictionary<string, string>(message.Fields, StringComparer.Ordinal) { ["statusLink"] = link },
        };
    }

    /// <summary>A message's words as the applicant's page shows them: the link is the page itself.</summary>
    public static string WithoutLink(string text) => MarkerPattern().Replace(text, "(the link to this page)");

    /// <summary>The journey and generation a token was made for, or null; the same work whether or not it was.</summary>
    public async Task<(string JourneyId, int Generation)?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var row = await storage.People.GetEntityIfExistsAsync<TableEntity>(PartitionOf(token), RowKey, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("JourneyId") is { } journeyId && row.Value.GetInt32("Generation") is { } generation
            ? (journeyId, generation)
            : null;
    }

    /// <summary>Removes the rows of every link a journey has had, and its page's views (at its purge). Idempotent.</summary>
    public async Task ForgetAsync(string journeyId, int generations, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(1, Math.Max(generations, 1)).Select(g =>
            storage.People.DeleteEntityAsync(PartitionOf(TokenFor(journeyId, g)), RowKey, cancellationToken: cancellationToken)));
        await foreach (var view in storage.People.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ViewsOf(journeyId)}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await storage.People.DeleteEntityAsync(view.PartitionKey, view.RowKey, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Notes that the applicant's page was opened (one row in the journey's own partition of views, without the token): the
    /// page is their record, so the subject access export lists its views, and they go with the journey.
    /// </summary>
    public Task RecordViewAsync(string journeyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        storage.People.UpsertEntityAsync(new TableEntity(ViewsOf(journeyId), $"{at.UtcTicks:D19}-{Guid.NewGuid():N}") { ["At"] = at }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>When the applicant's page was opened, oldest first.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> ViewsAsync(string journeyId, CancellationToken cancellationToken)
    {
        var views = new List<DateTimeOffset>();
        await foreach (var view in storage.People.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ViewsOf(journeyId)}"), cancellationToken: cancellationToken))
        {
            views.Add(view.GetDateTimeOffset("At") ?? default);
        }

        return views;
    }

    private static string ViewsOf(string journeyId) => "views~" + journeyId;

    /// <summary>The people index's partition for a token: its SHA-256, so the table holds nothing that opens a page.</summary>
    private static string PartitionOf(string token) => "link~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [GeneratedRegex(@"\(\(statusLink:(\d{1,6})\)\)")]
    private static partial Regex MarkerPattern();
}
