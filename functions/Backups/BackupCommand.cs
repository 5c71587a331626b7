using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using FosteringWorkflows.Hosting;
using Microsoft.Extensions.Options;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Records;
using FosteringWorkflows.Storage;

namespace FosteringWorkflows.Backups;

/// <summary>
/// <c>FosteringWorkflows backup</c> and <c>FosteringWorkflows restore --from {name|latest}</c>: the same binary and settings
/// as the service. A backup exports every table the service writes, row by row with each property's type, to
/// <c>{name}/{table}.jsonl.gz</c> in the backup container, and writes <c>{name}/manifest.json</c> (each table's row count)
/// last: a backup without its manifest is incomplete and never restored. A restore puts every row back (rows written since
/// are left as they are), then purges again every restored journey that was purged since the backup was taken (by the
/// purge markers of the live tables and of every later backup), so an erasure is not undone by a restore.
/// </summary>
public sealed class BackupCommand(StorageAccount storage, BackupStorage backups, JourneyStore journeys, RecordKeeper records, TimeProvider time, ILogger<BackupCommand> logger)
{
    public const string Backup = "backup";
    public const string Restore = "restore";
    public const string Latest = "latest";
    private const string Manifest = "manifest.json";
    private const string PurgedPartition = "~purged";

    /// <summary>A batch holds at most 100 rows of one partition and 4 MiB: this leaves room for the envelope.</summary>
    private const int BatchChars = 2_000_000;

    /// <summary>The job's entry point: <c>backup</c>, or <c>restore --from {name|latest}</c>; 0 when done, 1 (and one line saying why) when not.</summary>
    public static async Task<int> RunJobAsync(WebApplication app, string[] args)
    {
        int exit;
        var command = app.Services.GetRequiredService<BackupCommand>();
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            await app.Services.GetRequiredService<ServiceReadiness>().WaitUntilReadyAsync(CancellationToken.None);
            if (args is [Backup])
            {
                await command.BackupAsync(CancellationToken.None);
            }
            else if (args is [Restore, "--from", var from])
            {
                await command.RestoreAsync(from, CancellationToken.None);
            }
            else if (args is [Restore] && app.Configuration["Restore:From"] is { Length: > 0 } named)
            {
                // The restore job in Azure: which backup comes from its setting (Restore__From), since a job's arguments are fixed.
                await command.RestoreAsync(named, CancellationToken.None);
            }
            else
            {
                throw new ArgumentException($"Usage: {Backup} | {Restore} --from <backup name|{Latest}> (or {Restore} with the setting Restore__From)");
            }

            exit = 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or RequestFailedException or JsonException
            or Azure.Identity.AuthenticationFailedException or OptionsValidationException)
        {
            Log.Failed(app.Services.GetRequiredService<ILogger<BackupCommand>>(), args.FirstOrDefault() ?? "", e.GetType().Name, e.Message);
            exit = 1;
        }

        await app.DisposeAsync(); // flushes the console logger
        return exit;
    }

    /// <summary>Exports every table; returns the backup's name (its time, UTC, and a few letters so two in one second differ).</summary>
    public async Task<string> BackupAsync(CancellationToken cancellationToken)
    {
        await backups.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // Numbered after the last complete backup, so their order never rests on a clock (the service's may be simulated,
        // and storage's keeps whole seconds); the time and a few random letters keep a failed run's files out of the way.
        var number = (await CompleteBackupsAsync(cancellationToken)).Select(Number).DefaultIfEmpty(0).Max() + 1;
        var name = $"{number:D8}-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}"[..34];
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in storage.AllTables)
        {
            // Written whole to a temporary file, then uploaded once as a new blob: the container's immutability policy
            // refuses any overwrite, and a blob opened for writing is first created empty and then overwritten.
            var file = Path.GetTempFileName();
            long rows = 0;
            try
            {
                await using (var stream = File.Create(file))
                await using (var zip = new GZipStream(stream, CompressionLevel.Optimal))
                await using (var writer = new StreamWriter(zip, new UTF8Encoding(false)))
                {
                    try
                    {
                        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
                        {
                            await writer.WriteLineAsync(TableRows.ToLine(row).AsMemory(), cancellationToken);
                            rows++;
                        }
                    }
                    catch (RequestFailedException e) when (e.IsNotFound())
                    {
                        // A table the service has not made yet: an empty file, so a restore knows it was looked at.
                    }
                }

                await using var upload = File.OpenRead(file);
                await backups.Container.GetBlobClient($"{name}/{Unprefixed(table)}.jsonl.gz").UploadAsync(upload, overwrite: false, cancellationToken);
            }
            finally
            {
                File.Delete(file);
            }

            counts[Unprefixed(table)] = rows;
        }

        var manifest = JsonSerializer.SerializeToUtf8Bytes(new { name, takenAt = time.GetUtcNow(), tables = counts });
        await backups.Container.GetBlobClient($"{name}/{Manifest}").UploadAsync(new BinaryData(manifest), overwrite: false, cancellationToken);
        var total = counts.Values.Sum();
        Log.BackedUp(logger, name, total, counts.Count);
        return name;
    }

    /// <summary>Puts back the backup named (or the latest complete one); returns how many journeys it purged again.</summary>
    public async Task<int> RestoreAsync(string from, CancellationToken cancellationToken)
    {
        var complete = await CompleteBackupsAsync(cancellationToken);
        var name = from == Latest ? complete.LastOrDefault() : complete.FirstOrDefault(b => b == from);
        if (name is null)
        {
            throw new ArgumentException(complete.Count == 0
                ? "There is no complete backup in the backup container."
                : $"No complete backup is named '{from}'. The latest is {complete[^1]}.");
        }

        // Purges known now, before any row is put back: the live tables' markers and those of every later backup.
        var purged = await LivePurgesAsync(cancellationToken);
        foreach (var later in complete.SkipWhile(b => b != name).Skip(1))
        {
            await foreach (var row in ReadAsync(later, "Archive", cancellationToken))
            {
                if (row.PartitionKey == PurgedPartition)
                {
                    purged.Add(row.RowKey);
                }
            }
        }

        var manifest = JsonDocument.Parse((await backups.Container.GetBlobClient($"{name}/{Manifest}").DownloadContentAsync(cancellationToken)).Value.Content.ToMemory());
        var restoredJourneys = new List<string>();
        long total = 0;
        foreach (var table in storage.AllTables)
        {
            if (!manifest.RootElement.GetProperty("tables").TryGetProperty(Unprefixed(table), out var expected))
            {
                continue; // a table newer than the backup
            }

            await table.CreateIfNotExistsAsync(cancellationToken);
            var rows = await PutBackAsync(table, name, restoredJourneys, cancellationToken);
            if (rows != expected.GetInt64())
            {
                throw new InvalidOperationException($"Backup {name} holds {rows} rows of {Unprefixed(table)}; its manifest says {expected.GetInt64()}. Nothing after it was restored.");
            }

            total += rows;
        }

        var again = 0;
        foreach (var id in restoredJourneys.Where(id => purged.Contains(RecordKeeper.ArchiveKey(id))))
        {
            if (await journeys.LoadAsync(id, LoadDepth.Everything, cancellationToken: cancellationToken) is { } found)
            {
                await records.PurgeAsync(found.Journey, PurgeReason.Erasure, cancellationToken);
                again++;
            }
        }

        var tables = manifest.RootElement.GetProperty("tables").EnumerateObject().Count();
        Log.Restored(logger, name, total, tables, again);
        return again;
    }

    /// <summary>The complete backups (those with a manifest), oldest first: by their number, then by when storage wrote the manifest.</summary>
    public async Task<List<string>> CompleteBackupsAsync(CancellationToken cancellationToken)
    {
        var manifests = new List<(DateTimeOffset Written, string Name)>();
        if (!await backups.Container.ExistsAsync(cancellationToken))
        {
            return [];
        }

        await foreach (var blob in backups.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, cancellationToken))
        {
            if (blob.Name.EndsWith($"/{Manifest}", StringComparison.Ordinal))
            {
                manifests.Add((blob.Properties.CreatedOn ?? DateTimeOffset.MinValue, blob.Name[..^(Manifest.Length + 1)]));
            }
        }

        return [.. manifests.OrderBy(m => Number(m.Name)).ThenBy(m => m.Written).ThenBy(m => m.Name, StringComparer.Ordinal).Select(m => m.Name)];
    }

    /// <summary>A backup's number, the first part of its name (0 for a name without one).</summary>
    private static long Number(string name) =>
        name.Length > 8 && name[8] == '-' && long.TryParse(name.AsSpan(0, 8), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    private async Task<HashSet<string>> LivePurgesAsync(CancellationToken cancellationToken)
    {
        var purged = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var row in storage.Archive.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PurgedPartition}"), select: ["RowKey"],
                cancellationToken: cancellationToken))
            {
                purged.Add(row.RowKey);
            }
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Storage emptied (or a new account): no purge is known here.
        }

        return purged;
    }

    /// <summary>Puts a table's rows back in batches of one partition (100 rows or about 2 MB at most), each an upsert.</summary>
    private async Task<long> PutBackAsync(TableClient table, string name, List<string> restoredJourneys, CancellationToken cancellationToken)
    {
        var isJourneys = storage.JourneyTables.Contains(table);
        var batch = new List<TableTransactionAction>();
        var chars = 0;
        long rows = 0;
        async Task FlushAsync()
        {
            if (batch.Count > 0)
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
                batch.Clear();
                chars = 0;
            }
        }

        await foreach (var (row, length) in ReadLinesAsync(name, Unprefixed(table), cancellationToken))
        {
            if (batch.Count == 100 || chars + length > BatchChars || (batch.Count > 0 && batch[0].Entity.PartitionKey != row.PartitionKey))
            {
                await FlushAsync();
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
            chars += length;
            rows++;
            if (isJourneys && row.PartitionKey == row.RowKey)
            {
                restoredJourneys.Add(row.RowKey);
            }
        }

        await FlushAsync();
        return rows;
    }

    private async IAsyncEnumerable<TableEntity> ReadAsync(string name, string table, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (row, _) in ReadLinesAsync(name, table, cancellationToken))
        {
            yield return row;
        }
    }

    private async IAsyncEnumerable<(TableEntity Row, int Length)> ReadLinesAsync(
        string name, string table, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blob = backups.Container.GetBlobClient($"{name}/{table}.jsonl.gz");
        if (!await blob.ExistsAsync(cancellationToken))
        {
            yield break;
        }

        await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        await using var zip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(zip, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return (TableRows.FromLine(line), line.Length);
        }
    }

    /// <summary>A table's name without the deployment's prefix, so a backup can be restored under another prefix or account.</summary>
    private string Unprefixed(TableClient table) => table.Name[(storage.Timers.Name.Length - "Timers".Length)..];
}
