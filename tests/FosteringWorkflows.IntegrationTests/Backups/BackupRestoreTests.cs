using System.Globalization;
using System.Net;
using Azure.Data.Tables;
using FosteringWorkflows.Backups;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Backups;

/// <summary>
/// <c>FosteringWorkflows backup</c> and <c>restore --from …</c> run as the deployed job runs them (the built binary, its
/// own process) against a populated Azurite: emptied and restored, every row of every table comes back as it was, type
/// for type, and the timers fire; a journey erased after the backup stays erased.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class BackupRestoreTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> Talkative = new() { ["logging:logLevel:FosteringWorkflows"] = "Information" };

    [Fact]
    public async Task BackedUp_Emptied_Restored_EveryRowAsItWas_AndTheTimersFire()
    {
        var prefix = TestService.NewPrefix();
        string enquiry;
        using (var service = new TestService(azurite, prefix: prefix))
        {
            var officer = service.Officer();
            enquiry = await officer.StartJourneyAsync();
            var stage1 = await officer.StartAtStage1Async();
            await officer.PostEventAsync(stage1, "HouseholdMemberAdded", new { relationship = "Partner", firstName = "Alex", dateOfBirth = "1990-05-01" });
            await officer.PostEventAsync(stage1, "NoteAdded", new { text = "Prefers calls after 4pm." });
            Assert.NotEmpty(await officer.OutboxAsync(enquiry)); // the acknowledgement, sent
        }

        var before = await SnapshotAsync(prefix);
        foreach (var table in new[] { "Journeys", "Timers", "Audit", "Figures", "DevOutbox", "People", "Worklist", "Policies" })
        {
            Assert.True(before.Where(t => t.Key.StartsWith(prefix + table, StringComparison.Ordinal)).Sum(t => t.Value.Count) > 0, $"nothing in {table} to back up");
        }

        var backup = await ServiceProcess.RunCommandAsync(azurite.ConnectionString, prefix, "backup", Talkative);
        Assert.True(backup.ExitCode == 0, backup.Output);
        Assert.Contains($"{before.Sum(t => t.Value.Count)} rows of", backup.Output, StringComparison.Ordinal);

        await EmptyAsync(prefix);
        Assert.Empty(await SnapshotAsync(prefix));
        var restore = await ServiceProcess.RunCommandAsync(azurite.ConnectionString, prefix, "restore --from latest", Talkative);
        Assert.True(restore.ExitCode == 0, restore.Output);

        var after = await SnapshotAsync(prefix);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (table, rows) in before)
        {
            Assert.Equal(rows, after[table]);
        }

        // The restored timers fire: the enquiry's 2-working-hour clock (due 29 December, 09:30) breaches when time moves on.
        using var restored = new TestService(azurite, prefix: prefix);
        var client = restored.Officer();
        await client.AdvanceToAsync(new DateTimeOffset(2026, 12, 30, 12, 0, 0, TimeSpan.Zero));
        var history = (await client.GetJsonAsync($"/api/journeys/{enquiry}")).GetProperty("history").EnumerateArray().Select(h => h.Str("type")).ToList();
        Assert.Contains("DeadlineBreached", history);
    }

    [Fact]
    public async Task ErasedAfterTheBackup_StaysErased_WhetherTheLiveTablesSurviveOrNot()
    {
        var prefix = TestService.NewPrefix();
        using var service = new TestService(azurite, prefix: prefix);
        var officer = service.Officer();
        var email = $"erase-{Guid.NewGuid():N}@example.org";
        var erased = await officer.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire", channel = "phone", applicant = new { firstName = "Eve", lastName = "Erased", email }, consent = new { sms = false, email = true },
        });
        var kept = await officer.StartJourneyAsync();
        var backups = service.Services.GetRequiredService<BackupCommand>();
        var first = await backups.BackupAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, (await officer.AsAdminAsync(HttpMethod.Delete, $"/api/people?email={Uri.EscapeDataString(email)}")).StatusCode);
        await backups.BackupAsync(CancellationToken.None);

        // Restored over the live tables: their purge markers say the journey was erased since.
        Assert.Equal(1, await backups.RestoreAsync(first, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/journeys/{erased}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/journeys/{kept}")).StatusCode);

        // Everything lost: the later backup's markers say so.
        await EmptyAsync(prefix);
        Assert.Equal(1, await backups.RestoreAsync(first, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/journeys/{erased}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/journeys/{kept}")).StatusCode);
    }

    [Fact]
    public async Task Restore_OfABackupThatIsNotThere_Fails_SayingWhich()
    {
        var prefix = TestService.NewPrefix();
        var (exit, output) = await ServiceProcess.RunCommandAsync(azurite.ConnectionString, prefix, "restore --from 20260101T000000Z-nothere", Talkative);
        Assert.Equal(1, exit);
        Assert.Contains("no complete backup", output, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every row of every table with the prefix, each as its keys and every property with its type and value (storage's own Timestamp and ETag aside).</summary>
    private async Task<Dictionary<string, List<string>>> SnapshotAsync(string prefix)
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var tables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var table in service.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}")))
        {
            var rows = new List<string>();
            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows.Add(string.Join("|", row.Where(p => p.Key is not ("Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => $"{p.Key}={p.Value?.GetType().Name}:{(p.Value is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(p.Value, CultureInfo.InvariantCulture))}")));
            }

            if (rows.Count > 0)
            {
                tables[table.Name] = rows;
            }
        }

        return tables;
    }

    private async Task EmptyAsync(string prefix)
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        await foreach (var table in service.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}")))
        {
            await service.DeleteTableAsync(table.Name);
        }
    }
}
