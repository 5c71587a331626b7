using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using FosteringWorkflows.Records;
using FosteringWorkflows.Storage;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;


namespace FosteringWorkflows.IntegrationTests.Records;

/// <summary>
/// Retention by the regulations, with time jumped years ahead: an enquiry that never became an application goes after 2
/// years, a refused or withdrawn application after 3 (reg. 32), an approved carer's records 10 years after the approval
/// ends and never before; each on its day, everywhere its personal data lives, leaving an anonymised record; and a purge
/// cut short finishes when the journey's timer comes round again.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class RetentionTests(AzuriteFixture azurite)
{
    // Thu 24 Dec 2026 15:30 GMT, the test service's first reading.
    private static readonly DateTimeOffset Start = TestService.ChristmasEve;

    [Fact]
    public async Task EnquiryClosedAtScreening_KeptTwoYearsToTheMinute_ThenPurgedEverywhere_AnonymisedRecordKept()
    {
        using var service = new TestService(azurite);
        using var client = service.Officer();
        var id = await client.StartJourneyAsync();
        var other = await client.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire", channel = "phone",
            applicant = new { firstName = "Kit", lastName = "Other", email = "kit@example.org" }, consent = new { sms = false, email = true },
        });
        await client.PostEventAsync(id, "ContactMade");
        var closed = await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "Close" });
        Assert.Equal("Closed", closed.Str("status"));
        Assert.NotEmpty(await client.OutboxAsync(id));

        // Closed Thu 24 Dec 2026 15:30 GMT: kept until Sun 24 Dec 2028 15:30 GMT.
        await client.AdvanceToAsync(new DateTimeOffset(2028, 12, 24, 15, 29, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);
        await client.AdvanceToAsync(new DateTimeOffset(2028, 12, 24, 15, 30, 0, TimeSpan.Zero));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);
        Assert.Empty(await client.OutboxAsync(id));
        Assert.Empty(await RowsAsync(service, StorageAccount.JourneyTableName("", id), id));
        Assert.Empty(await RowsAsync(service, "DevOutbox", id));
        using var admin = service.As(Infrastructure.Api.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/people/export?email=sam@example.org")).StatusCode);

        // The other enquiry, still open, is untouched.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/journeys/{other}")).StatusCode);

        var record = await ArchiveAsync(service, "hertfordshire", id);
        Assert.Equal("Closed", record.GetString("Status"));
        Assert.Equal("Retention", record.GetString("PurgedFor"));
        Assert.Equal(Start, record.GetDateTimeOffset("ReceivedAt"));
        Assert.Contains("ScreeningCompleted", record.GetString("Steps"), StringComparison.Ordinal);
        Assert.Contains("\"EnquiryResponse\"", record.GetString("Clocks"), StringComparison.Ordinal);
        var stored = AllText(record);
        Assert.DoesNotContain("Sam", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(id, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithdrawnApplication_KeptThreeYears_ErasureRefusedMeanwhile_ThenPurged()
    {
        using var service = new TestService(azurite);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        var withdrawn = await client.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW2", note = "Moving abroad" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        using var admin = service.As(Infrastructure.Api.AdminKey);
        await client.AdvanceToAsync(new DateTimeOffset(2029, 12, 24, 15, 0, 0, TimeSpan.Zero));
        var refused = await admin.DeleteAsync("/api/people?email=sam@example.org");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("reg-32", problem.Str("rule"));
        Assert.Contains("reg. 32", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);

        // Withdrawn Thu 24 Dec 2026 15:30 GMT: kept until Mon 24 Dec 2029 15:30 GMT.
        await client.AdvanceToAsync(new DateTimeOffset(2029, 12, 24, 15, 30, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);
        var record = await ArchiveAsync(service, "hertfordshire", id);
        Assert.Equal("Withdrawn", record.GetString("Status"));
        Assert.Equal("AW2", record.GetString("WithdrawalReason"));
        Assert.DoesNotContain("abroad", AllText(record), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecisionRecordedLate_RetentionCountsFromTheDecisionItself()
    {
        using var service = new TestService(azurite);
        using var client = service.Officer();
        var id = await client.StartAtStage1Async();
        await client.AdvanceAsync("P30D");

        // Decided on Mon 28 Dec 2026 10:00, recorded weeks later: kept until Fri 28 Dec 2029 10:00.
        var decided = await client.PostEventAsync(id, "Stage1Completed", new { outcome = "Unsuitable" }, new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal("NotApproved", decided.Str("status"));
        await client.AdvanceToAsync(new DateTimeOffset(2029, 12, 28, 9, 59, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);
        await client.AdvanceToAsync(new DateTimeOffset(2029, 12, 28, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.Zero), (await ArchiveAsync(service, "hertfordshire", id)).GetDateTimeOffset("EndedAt"));
    }

    [Fact]
    public async Task ApprovedCarer_NeverPurgedWhileApproved_TenYearsAfterTheApprovalEnds_Purged()
    {
        using var service = new TestService(azurite);
        using var client = service.Officer();
        var id = await client.StartAtPanelAsync();
        await client.PostEventAsync(id, "PanelRecommendationMade", new { recommendation = "Approve" });
        var approved = await client.PostEventAsync(id, "AgencyDecisionMade", new { decision = "Approve" });
        Assert.Equal("Approved", approved.Str("status"));

        await client.AdvanceAsync("P10Y");
        await client.AdvanceAsync("P5Y");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);
        using var admin = service.As(Infrastructure.Api.AdminKey);
        var refused = await admin.DeleteAsync("/api/people?email=sam@example.org");
        Assert.Equal("approved-carer", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.Str("rule"));

        // The approval ends on Sun 1 Jan 2040 (GMT): kept until Mon 1 Jan 2050.
        var ended = new DateTimeOffset(2040, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var response = await client.PostAsJsonAsync($"/api/journeys/{id}/approval-ended", new { endedAt = ended });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/journeys/{id}/approval-ended", new { endedAt = ended })).StatusCode);

        await client.AdvanceToAsync(new DateTimeOffset(2050, 1, 1, 11, 59, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);
        await client.AdvanceToAsync(new DateTimeOffset(2050, 1, 1, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);
        Assert.Equal("Approved", (await ArchiveAsync(service, "hertfordshire", id)).GetString("Status"));
    }

    [Fact]
    public async Task ApprovalEnded_OnAJourneyNotApproved_Is409_AndADateInTheFuture_Is400()
    {
        using var service = new TestService(azurite);
        using var client = service.Officer();
        var id = await client.StartJourneyAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/journeys/{id}/approval-ended", new { })).StatusCode);
        var future = await client.PostAsJsonAsync($"/api/journeys/{id}/approval-ended", new { endedAt = Start.AddDays(3) });
        Assert.True(future.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PurgeCutShortAfterTheMessagesWent_FinishesWhenTheTimerComesRound()
    {
        using var service = new TestService(azurite);
        using var client = service.Officer();
        var id = await client.StartJourneyAsync();
        await client.PostEventAsync(id, "ContactMade");
        await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "Close" });

        // What a purge that crashed after deleting the journey's messages and dev outbox rows leaves: the state row, whose
        // retention timer is still armed.
        var store = service.Services.GetRequiredService<FosteringWorkflows.Journeys.JourneyStore>();
        var journey = (await store.LoadAsync(id, FosteringWorkflows.Journeys.LoadDepth.Everything))!.Value.Journey;
        var tables = new TableServiceClient(service.StorageConnectionString);
        foreach (var purpose in journey.MessageLog)
        {
            await tables.GetTableClient(StorageAccount.JourneyTableName(service.Prefix, id)).DeleteEntityAsync(id, FosteringWorkflows.Journeys.JourneyStore.MessageRowKey(id, purpose));
            await tables.GetTableClient($"{service.Prefix}DevOutbox").DeleteEntityAsync(id, $"{id}:{purpose}");
        }

        await client.AdvanceAsync("P2Y");
        await client.AdvanceAsync("PT1H");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/journeys/{id}")).StatusCode);
        Assert.Empty(await RowsAsync(service, StorageAccount.JourneyTableName("", id), id));
        Assert.Equal("Closed", (await ArchiveAsync(service, "hertfordshire", id)).GetString("Status"));
        using var admin = service.As(Infrastructure.Api.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/people/export?email=sam@example.org")).StatusCode);

        // A purge run again over what is gone changes nothing and fails on nothing.
        await service.Services.GetRequiredService<RecordKeeper>().PurgeAsync(journey, default);
        Assert.Empty(await RowsAsync(service, StorageAccount.JourneyTableName("", id), id));
    }

    private static async Task<List<TableEntity>> RowsAsync(TestService service, string table, string partition)
    {
        var client = new TableServiceClient(service.StorageConnectionString).GetTableClient($"{service.Prefix}{table}");
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static string AllText(TableEntity row) => string.Join("|", row.Keys.Select(k => row[k]?.ToString()));

    private static async Task<TableEntity> ArchiveAsync(TestService service, string council, string journeyId)
    {
        var client = new TableServiceClient(service.StorageConnectionString).GetTableClient($"{service.Prefix}Archive");
        return (await client.GetEntityAsync<TableEntity>(council, RecordKeeper.ArchiveKey(journeyId))).Value;
    }
}
