using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Journeys;

/// <summary>
/// No amount of valid-looking input may wedge a journey: what one row holds is bounded, history moves to pages of
/// its own, and a step told twice is recorded once.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class BoundedRowsTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TestService _service = new(azurite);

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task CheckCompleted_Repeated500Times_RecordedOnce_AndStage1CanStillComplete()
    {
        var client = _service.Officer();
        var id = await client.StartAtStage1Async();
        var before = await client.GetJsonAsync($"/api/journeys/{id}");

        for (var i = 0; i < 500; i++)
        {
            var response = await client.PostAsJsonAsync($"/api/journeys/{id}/events", new { type = "CheckCompleted", data = new { check = "DBS" } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Single(journey.GetProperty("milestones").EnumerateArray(), m => m.Str("type") == "CheckCompleted");
        Assert.Single(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "CheckCompleted");
        Assert.Equal(before.GetProperty("history").GetArrayLength() + 1, journey.GetProperty("history").GetArrayLength());

        var completed = await client.ProceedPastStage1Async(id);
        Assert.Equal("Assessment", completed.Str("stage"));
    }

    [Fact]
    public async Task ManyRebookings_HistorySpansPages_ReadsWholeInOrder_AndJourneyGoesOn()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();
        await client.PostEventAsync(id, "ContactMade");
        await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" });
        const int rebookings = 150;
        for (var i = 0; i < rebookings; i++)
        {
            await client.PostEventAsync(id, "InitialVisitBooked", new { visitAt = TestService.ChristmasEve.AddDays(10).AddMinutes(i) });
        }

        var rows = await RowKeysAsync(id);
        Assert.Contains(rows, k => k.StartsWith(id + "~h", StringComparison.Ordinal)); // history has spilled into pages
        Assert.All(rows, k => Assert.StartsWith(id, k, StringComparison.Ordinal)); // every row key is the journey's own

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        var seqs = journey.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("seq").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count), seqs);
        Assert.Equal(rebookings, journey.GetProperty("history").EnumerateArray().Count(h => h.Str("type") == "InitialVisitBooked"));
        var booked = Assert.Single(journey.GetProperty("milestones").EnumerateArray(), m => m.Str("type") == "InitialVisitBooked");
        Assert.Equal(TestService.ChristmasEve.AddDays(10).AddMinutes(rebookings - 1), DateTimeOffset.Parse(booked.Str("detail"), System.Globalization.CultureInfo.InvariantCulture));

        var visited = await client.PostEventAsync(id, "InitialVisitCompleted");
        Assert.Equal("ProgressDecision", visited.Str("stage"));
    }

    [Fact]
    public async Task EventData_UnknownFields_AreNotStored()
    {
        var client = _service.Officer();
        var id = await client.StartJourneyAsync();
        await client.PostEventAsync(id, "ContactMade", new { junk = new string('x', 20_000) });
        await client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit", extra = "kept nowhere" });

        var journey = await client.GetJsonAsync($"/api/journeys/{id}");
        var history = journey.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, history.Single(h => h.Str("type") == "ContactMade").GetProperty("data").ValueKind);
        var screening = history.Single(h => h.Str("type") == "ScreeningCompleted").GetProperty("data");
        Assert.Equal("InitialVisit", screening.Str("nextStep"));
        Assert.False(screening.TryGetProperty("extra", out _));
    }

    private async Task<List<string>> RowKeysAsync(string journeyId)
    {
        var table = new TableClient(azurite.ConnectionString, StorageAccount.JourneyTableName(_service.Prefix, journeyId));
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {journeyId}"), select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }
}
