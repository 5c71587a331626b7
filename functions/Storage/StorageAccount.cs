using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Storage;

/// <summary>
/// The tables and queues of the service on one storage account, addressed by the Functions setting
/// <c>AzureWebJobsStorage</c>: a connection string, or <c>AzureWebJobsStorage__accountName</c> for a managed identity.
/// </summary>
public sealed class StorageAccount
{
    private readonly Lock _lock = new();
    private Task? _created;

    public StorageAccount(IConfiguration configuration, IOptions<StorageOptions> options)
    {
        var prefix = options.Value.Prefix;
        var connection = configuration["AzureWebJobsStorage"];
        var accountName = configuration["AzureWebJobsStorage:accountName"];
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (!string.IsNullOrWhiteSpace(connection))
        {
            Tables = new TableServiceClient(connection);
            Queues = new QueueServiceClient(connection, queueOptions);
        }
        else if (!string.IsNullOrWhiteSpace(accountName))
        {
            var credential = new DefaultAzureCredential();
            Tables = new TableServiceClient(new Uri($"https://{accountName}.table.core.windows.net"), credential);
            Queues = new QueueServiceClient(new Uri($"https://{accountName}.queue.core.windows.net"), credential, queueOptions);
        }
        else
        {
            throw new InvalidOperationException("Set AzureWebJobsStorage to a storage connection string (UseDevelopmentStorage=true for Azurite).");
        }

        JourneyTables = [.. JourneyTableNames(prefix).Select(Tables.GetTableClient)];
        Timers = Tables.GetTableClient($"{prefix}Timers");
        Policies = Tables.GetTableClient($"{prefix}Policies");
        DevOutbox = Tables.GetTableClient($"{prefix}DevOutbox");
        Buddies = Tables.GetTableClient($"{prefix}Buddies");
        Audit = Tables.GetTableClient($"{prefix}Audit");
        People = Tables.GetTableClient($"{prefix}People");
        Archive = Tables.GetTableClient($"{prefix}Archive");
        SignInKeys = Tables.GetTableClient($"{prefix}SignInKeys");
        Sessions = Tables.GetTableClient($"{prefix}Sessions");
        WorklistTables = [.. Enumerable.Range(0, Shards).Select(s => Tables.GetTableClient($"{prefix}Worklist{s}"))];
        FigureTables = [.. Enumerable.Range(0, Shards).Select(s => Tables.GetTableClient($"{prefix}Figures{s}"))];
        FigureMonths = Tables.GetTableClient($"{prefix}FigureMonths");
        Work = Queues.GetQueueClient($"{prefix}journey-work");
        Poison = Queues.GetQueueClient($"{prefix}journey-work-poison");
        MessagePoison = Queues.GetQueueClient($"{prefix}message-poison");
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>
    /// How many tables the rows that grow with the population are spread over: journeys by a hash of their id, the reports'
    /// figures by the shard in their partition key. Azure Storage costs the same either way. Azurite keeps each table in one
    /// in-memory collection whose replace and delete cost grows with the table's rows, so one table of every journey made
    /// each change slower as journeys accumulated (docs/architecture.md, "Storage layout").
    /// </summary>
    public const int Shards = 8;

    /// <summary>The shard of a journey: its tables of journeys and of figures.</summary>
    public static int ShardOf(string journeyId) => SHA256.HashData(Encoding.UTF8.GetBytes(journeyId))[0] % Shards;

    public static IEnumerable<string> JourneyTableNames(string prefix) => Enumerable.Range(0, Shards).Select(s => JourneyTableName(prefix, s));

    /// <summary>The table holding a journey's partition.</summary>
    public static string JourneyTableName(string prefix, string journeyId) => JourneyTableName(prefix, ShardOf(journeyId));

    private static string JourneyTableName(string prefix, int shard) => $"{prefix}Journeys{shard}";

    /// <summary>Each journey's partition (state, history, deadlines, nudges and outbox rows), in its shard's table.</summary>
    public IReadOnlyList<TableClient> JourneyTables { get; }

    public TableClient JourneysOf(string journeyId) => JourneyTables[ShardOf(journeyId)];

    /// <summary>The time-ordered index of when each journey next has work to do.</summary>
    public TableClient Timers { get; }

    public TableClient Policies { get; }

    public TableClient DevOutbox { get; }

    /// <summary>Each council's peer buddies' current load (PartitionKey council, RowKey buddy id).</summary>
    public TableClient Buddies { get; }

    /// <summary>Who called the API, on what, when and from where: one partition a day, rows only ever added.</summary>
    public TableClient Audit { get; }

    /// <summary>The people index: one row per hashed email or phone, naming that person's journeys.</summary>
    public TableClient People { get; }

    /// <summary>Anonymised records of purged journeys (PartitionKey = council), for the figures of past years.</summary>
    public TableClient Archive { get; }

    /// <summary>The key ring that protects sessions, sign-in and antiforgery tokens, shared by every replica (see Auth/StoredKeyRing).</summary>
    public TableClient SignInKeys { get; }

    /// <summary>Staff sessions, one row each, so signing out ends a session everywhere (see Auth/StoredSessions).</summary>
    public TableClient Sessions { get; }

    /// <summary>
    /// The work index: each council's partition in one of <see cref="Shards"/> tables (by a hash of the council's id), so
    /// no table holds every council's rows (Azurite's cost of a write grows with the rows of its table, as for journeys).
    /// </summary>
    public IReadOnlyList<TableClient> WorklistTables { get; }

    /// <summary>The work index table holding a council's partition.</summary>
    public TableClient WorklistOf(string council) => WorklistTables[SHA256.HashData(Encoding.UTF8.GetBytes(council))[0] % Shards];

    /// <summary>The reports' figures: per council, month and shard (one table a shard), kept by the engine as journeys move.</summary>
    public IReadOnlyList<TableClient> FigureTables { get; }

    /// <summary>The figures of each council's closed months, one row a month (<c>Reports.FigureStore</c>).</summary>
    public TableClient FigureMonths { get; }

    public QueueClient Work { get; }

    public QueueClient Poison { get; }

    /// <summary>Messages given up on (refused for good, or every attempt failed), for operators to look into.</summary>
    public QueueClient MessagePoison { get; }

    /// <summary>Creates the tables and queues once per process; a failed attempt is tried again on the next call.</summary>
    public Task EnsureCreatedAsync()
    {
        lock (_lock)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = CreateAsync(CancellationToken.None);
            }

            return _created;
        }
    }

    /// <summary>Every table the service writes (what a backup exports and a restore puts back).</summary>
    public IReadOnlyList<TableClient> AllTables => [.. JourneyTables, Timers, Policies, DevOutbox, Buddies, Audit, People, Archive, SignInKeys, Sessions, .. WorklistTables, .. FigureTables, FigureMonths];

    /// <summary>
    /// Creates the tables and queues that are missing: one listing of each kind first, so a start (or a job's run, once a
    /// minute) against storage that has them all costs two calls, not one for each of them.
    /// </summary>
    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var prefix = Timers.Name[..^"Timers".Length];
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var table in Tables.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}"), cancellationToken: cancellationToken))
        {
            tables.Add(table.Name);
        }

        foreach (var table in AllTables.Where(t => !tables.Contains(t.Name)))
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }

        var queues = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var queue in Queues.GetQueuesAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            queues.Add(queue.Name);
        }

        foreach (var queue in new[] { Work, Poison, MessagePoison }.Where(q => !queues.Contains(q.Name)))
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>One point read of a row that need not exist: whether storage answers, at the same cost whatever it holds.</summary>
    public Task ProbeAsync(CancellationToken cancellationToken) =>
        Policies.GetEntityIfExistsAsync<TableEntity>("probe", "probe", select: ["PartitionKey"], cancellationToken: cancellationToken);
}
