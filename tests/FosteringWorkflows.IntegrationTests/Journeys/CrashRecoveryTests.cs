using System.Net.Http.Json;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Journeys;

/// <summary>
/// Kills the real service process (SIGKILL, no shutdown) while enquiries are being committed, until a kill
/// has landed between a journey's commit and its message dispatch; then starts a fresh process and checks
/// that every stored journey's messages went out, each exactly once.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class CrashRecoveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task KilledBetweenCommitAndDispatch_Restart_SendsEveryMessageOnce()
    {
        var prefix = TestService.NewPrefix();
        var journeys = StorageAccount.JourneyTableNames(prefix).Select(name => new TableClient(azurite.ConnectionString, name)).ToList();
        var sent = new TableClient(azurite.ConnectionString, $"{prefix}DevOutbox");
        var answered = new List<string>();
        var stranded = 0;

        for (var cycle = 0; cycle < 8 && stranded == 0; cycle++)
        {
            using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, prefix);
            // A steady stream, eight in flight, so that at the kill requests stand at every phase of their work.
            var completed = 0;
            using var inFlight = new SemaphoreSlim(8);
            var requests = Enumerable.Range(0, 200).Select(async _ =>
            {
                await inFlight.WaitAsync();
                try
                {
                    var id = await service.Client.StartJourneyAsync();
                    lock (answered)
                    {
                        answered.Add(id);
                    }
                }
                catch (HttpRequestException)
                {
                    // The process died under this request.
                }
                catch (TaskCanceledException)
                {
                }
                finally
                {
                    Interlocked.Increment(ref completed);
                    inFlight.Release();
                }
            }).ToList();

            while (Volatile.Read(ref completed) < 20 + (cycle * 7))
            {
                await Task.Delay(2);
            }

            service.Kill();
            await Task.WhenAll(requests);
            stranded = await UnsentAsync(journeys);
        }

        Assert.True(stranded > 0, "No kill landed between a commit and its dispatch in eight tries.");

        using (var restarted = await ServiceProcess.StartAsync(azurite.ConnectionString, prefix))
        {
            await restarted.Client.AdvanceAsync("PT5M"); // past the dispatch timers (3 minutes)
        }

        var stored = await KeysAsync(journeys, "Row eq 'state'");
        Assert.Superset(answered.ToHashSet(), stored.ToHashSet()); // every journey a client was told about exists
        Assert.Equal(0, await UnsentAsync(journeys));
        var outboxRows = (await MessageRowsAsync(journeys)).Count;
        var acknowledgements = await KeysAsync([sent], "Purpose eq 'acknowledgement'");
        Assert.Equal(stored.Order(StringComparer.Ordinal), acknowledgements.Order(StringComparer.Ordinal));
        Assert.Equal(outboxRows, await CountAsync(sent, null));
    }

    /// <summary>Outbox rows never marked sent (Table storage cannot filter on a missing property, so count here).</summary>
    private static async Task<int> UnsentAsync(List<TableClient> journeys) => (await MessageRowsAsync(journeys)).Count(row => !row.ContainsKey("SentAt"));

    private static async Task<List<TableEntity>> MessageRowsAsync(List<TableClient> journeys)
    {
        var rows = new List<TableEntity>();
        foreach (var table in journeys)
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter: (string?)null))
            {
                if (row.RowKey.Contains("~o~", StringComparison.Ordinal))
                {
                    rows.Add(row);
                }
            }
        }

        return rows;
    }

    private static async Task<int> CountAsync(TableClient table, string? filter)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }

    private static async Task<List<string>> KeysAsync(List<TableClient> tables, string filter)
    {
        var keys = new List<string>();
        foreach (var table in tables)
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"]))
            {
                keys.Add(row.PartitionKey);
            }
        }

        return keys;
    }
}
