using Azure.Data.Tables;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Reports;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Reports;

/// <summary>
/// A month that has passed is folded into one row a report reads, and still counts what comes later: the figures below are
/// the same before the month closed and after, and a late fact counts once whichever side of the closing it was folded on.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ClosedMonthTests(AzuriteFixture azurite)
{
    private static DateTimeOffset Jan(int day, int hour = 9, int minute = 0) => new(2027, 1, day, hour, minute, 0, TimeSpan.Zero);

    private const string January = "/api/reports/sla?localAuthority=hertfordshire&from=2027-01-01&to=2027-01-31";

    [Fact]
    public async Task AMonthClosesAWeekAfterItEnds_ItsReportIsUnchanged_AndALateMetClockStillCounts()
    {
        using var service = new TestService(azurite, start: Jan(4));
        using var officer = service.Officer();
        using var manager = service.Manager();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await officer.StartJourneyAsync());   // spread over the shards by their ids
        }

        await officer.AdvanceToAsync(Jan(4, 10));
        foreach (var id in ids.Take(8))
        {
            await officer.PostEventAsync(id, "ContactMade");  // met after one working hour
        }

        await officer.AdvanceToAsync(new DateTimeOffset(2027, 2, 7, 12, 0, 0, TimeSpan.Zero)); // four left to breach; January not yet closed
        var store = service.Services.GetRequiredService<FigureStore>();
        Assert.Equal(new DateOnly(2026, 12, 1), store.LastClosed("hertfordshire"));
        var open = Clock(await manager.GetJsonAsync(January));
        Assert.Equal((12, 8, 4, 4), (open.Started, open.Met, open.Breached, open.Open));

        await officer.AdvanceToAsync(new DateTimeOffset(2027, 2, 8, 12, 0, 0, TimeSpan.Zero)); // the 8th: January closes
        var storage = service.Services.GetRequiredService<StorageAccount>();
        var month = (await storage.FigureMonths.GetEntityAsync<TableEntity>("hertfordshire", "2027-01")).Value;
        Assert.Equal(255, month.GetInt32("Merged"));
        for (var shard = 0; shard < StorageAccount.Shards; shard++)
        {
            var partition = FigureStore.Partition("hertfordshire", new DateOnly(2027, 1, 1), shard);
            Assert.True((await storage.FigureTables[shard].GetEntityAsync<TableEntity>(partition, "~" + partition)).Value.GetBoolean("Closed"));
        }

        Assert.Equal(open, Clock(await manager.GetJsonAsync(January)));

        // Contact made now with two of the four: their January clocks end late, folded into January's row.
        await officer.PostEventAsync(ids[8], "ContactMade");
        await officer.PostEventAsync(ids[9], "ContactMade");
        var late = Clock(await manager.GetJsonAsync(January));
        Assert.Equal((12, 8, 4, 2), (late.Started, late.Met, late.Breached, late.Open));

        // The report reads January from its one row: the shards' rows gone, it gives the same.
        for (var shard = 0; shard < StorageAccount.Shards; shard++)
        {
            var partition = FigureStore.Partition("hertfordshire", new DateOnly(2027, 1, 1), shard);
            await storage.FigureTables[shard].DeleteEntityAsync(partition, "~" + partition);
        }

        Assert.Equal(late, Clock(await manager.GetJsonAsync(January)));
    }

    [Fact]
    public async Task FactsAcrossTheClosing_CountOnce_TakenBackOnce_AndFoldAgainWhenTheyHappen()
    {
        using var service = new TestService(azurite, start: Jan(12));
        await service.Officer().AdvanceAsync("PT1M");
        var store = service.Services.GetRequiredService<FigureStore>();
        var december = new DateOnly(2026, 12, 1);
        var day = new DateOnly(2026, 12, 14);
        var before = new Fact("step:Enquiry", day, "step:Enquiry");
        var breach = new Fact("clock:X:1:breached", day, "clock:EnquiryResponse:breached",
            Breach: new BreachNote("j-before", "EnquiryResponse", new DateTimeOffset(2026, 12, 14, 11, 0, 0, TimeSpan.Zero), null, "clock:X:1"));
        await store.FoldAsync("hertfordshire", "j-before", [before, breach], CancellationToken.None);
        await store.FoldAsync("hertfordshire", "j-other", [new Fact("step:Enquiry", day, "step:Enquiry")], CancellationToken.None);
        Assert.Equal(2, await CountAsync(store, december, "step:Enquiry"));

        // Two instances close December at once: each shard is folded in once.
        await Task.WhenAll(store.CloseAsync("hertfordshire", december, CancellationToken.None), store.CloseAsync("hertfordshire", december, CancellationToken.None));
        Assert.Equal(2, await CountAsync(store, december, "step:Enquiry"));

        // A fact folded before the closing, folded again after it (a re-run change): still once.
        await store.FoldAsync("hertfordshire", "j-before", [before], CancellationToken.None);
        Assert.Equal(2, await CountAsync(store, december, "step:Enquiry"));
        // Taken back after the closing, twice: once. Folded again: counted again.
        await store.TakeBackAsync("hertfordshire", "j-before", [before], CancellationToken.None);
        await store.TakeBackAsync("hertfordshire", "j-before", [before], CancellationToken.None);
        Assert.Equal(1, await CountAsync(store, december, "step:Enquiry"));
        await store.FoldAsync("hertfordshire", "j-before", [before], CancellationToken.None);
        await store.FoldAsync("hertfordshire", "j-before", [before], CancellationToken.None);
        Assert.Equal(2, await CountAsync(store, december, "step:Enquiry"));

        // A fact first folded after the closing: once however often, taken back once.
        var after = new Fact("step:ContactMade", day, "step:ContactMade");
        await store.FoldAsync("hertfordshire", "j-after", [after], CancellationToken.None);
        await store.FoldAsync("hertfordshire", "j-after", [after], CancellationToken.None);
        Assert.Equal(1, await CountAsync(store, december, "step:ContactMade"));
        await store.TakeBackAsync("hertfordshire", "j-after", [after], CancellationToken.None);
        await store.TakeBackAsync("hertfordshire", "j-after", [after], CancellationToken.None);
        Assert.Equal(0, await CountAsync(store, december, "step:ContactMade"));

        // A purge forgets the breach in the closed month's row; its count stays.
        var figures = new Figures(await store.ReadAsync(["hertfordshire"], [december], CancellationToken.None), december, day);
        Assert.Single(figures.Breaches());
        await store.ForgetAsync("hertfordshire", "j-before", [day], CancellationToken.None);
        figures = new Figures(await store.ReadAsync(["hertfordshire"], [december], CancellationToken.None), december, day);
        Assert.Empty(figures.Breaches());
        Assert.Equal(1, figures.Count("clock:EnquiryResponse:breached"));

        // January has not closed on 12 January: closing it is refused.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CloseAsync("hertfordshire", new DateOnly(2027, 1, 1), CancellationToken.None));
    }

    [Fact]
    public async Task TheCloser_NotesWhereItStarts_ThenClosesEachMonthAsItPasses_AtMostTheLatestThreeAtOnce()
    {
        using var service = new TestService(azurite, start: Jan(12));
        using var officer = service.Officer();
        await officer.AdvanceAsync("PT1M"); // the closer's first run notes December for every council and closes none
        var closer = service.Services.GetRequiredService<MonthCloser>();
        var storage = service.Services.GetRequiredService<StorageAccount>();
        Assert.Equal(0, await closer.CloseDueAsync(CancellationToken.None));
        Assert.False((await storage.FigureMonths.GetEntityIfExistsAsync<TableEntity>("hertfordshire", "2026-12")).HasValue);

        await officer.AdvanceToAsync(new DateTimeOffset(2027, 4, 8, 12, 0, 0, TimeSpan.Zero)); // January, February and March close
        foreach (var month in new[] { "2027-01", "2027-02", "2027-03" })
        {
            var row = await storage.FigureMonths.GetEntityIfExistsAsync<TableEntity>("hertfordshire", month);
            Assert.Equal(255, row.Value!.GetInt32("Merged"));
        }

        Assert.False((await storage.FigureMonths.GetEntityIfExistsAsync<TableEntity>("hertfordshire", "2027-04")).HasValue);
        Assert.Equal(0, await closer.CloseDueAsync(CancellationToken.None));
        await officer.AdvanceToAsync(new DateTimeOffset(2027, 5, 8, 12, 0, 0, TimeSpan.Zero));
        Assert.True((await storage.FigureMonths.GetEntityIfExistsAsync<TableEntity>("hertfordshire", "2027-04")).HasValue);
        Assert.True((await storage.FigureMonths.GetEntityIfExistsAsync<TableEntity>("leicestershire", "2027-04")).HasValue);

        // Five months later at once: the latest three close, May and June stay open.
        await officer.AdvanceToAsync(new DateTimeOffset(2027, 10, 8, 12, 0, 0, TimeSpan.Zero));
        foreach (var (month, closed) in new[] { ("2027-05", false), ("2027-06", false), ("2027-07", true), ("2027-08", true), ("2027-09", true) })
        {
            Assert.Equal(closed, (await storage.FigureMonths.GetEntityIfExistsAsync<TableEntity>("hertfordshire", month)).HasValue);
        }
    }

    private static async Task<int> CountAsync(FigureStore store, DateOnly month, string counter) =>
        new Figures(await store.ReadAsync(["hertfordshire"], [month], CancellationToken.None), month, month.AddMonths(1).AddDays(-1)).Count(counter);

    private static (int Started, int Met, int Breached, int Open) Clock(System.Text.Json.JsonElement report)
    {
        var clock = report.GetProperty("clocks").EnumerateArray().Single(c => c.Str("clock") == "EnquiryResponse");
        return (clock.GetProperty("started").GetInt32(), clock.GetProperty("met").GetInt32(), clock.GetProperty("breached").GetInt32(), clock.GetProperty("open").GetInt32());
    }
}
