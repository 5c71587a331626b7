using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Worklist;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Worklist;

/// <summary>
/// The work index the worklist reads: each active journey's line kept by the engine with every change (its clocks, its
/// checks due, its allocation), gone when the journey ends or is erased; read by point reads of the council's rows.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class WorkIndexTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TestService _service = new(azurite);

    public void Dispose() => _service.Dispose();

    private WorkIndex Index => _service.Services.GetRequiredService<WorkIndex>();

    private DateTimeOffset Now => _service.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>Every active journey of these councils, as the list by due time reads them from the index.</summary>
    private async Task<IReadOnlyList<WorkItem>> LinesAsync(params string[] councils) => [.. (await ListedAsync(councils)).Select(l => l.Item)];

    /// <summary>The same, with the clock each is listed under.</summary>
    private Task<IReadOnlyList<WorkListing>> ListedAsync(params string[] councils) =>
        Index.ListAsync(new WorkQuery(councils, null, null, null, null, null, Now, null, 500), CancellationToken.None);

    /// <summary>The keys of every row the index holds for a journey.</summary>
    private async Task<List<string>> RowsOfAsync(string council, string id) => [.. (await EntitiesOfAsync(council, id)).Select(r => r.RowKey)];

    /// <summary>Every row the index holds for a journey (a scan of the council's partition: for the test's eyes only).</summary>
    private async Task<List<Azure.Data.Tables.TableEntity>> EntitiesOfAsync(string council, string id)
    {
        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var row in _service.Services.GetRequiredService<FosteringWorkflows.Storage.StorageAccount>().WorklistOf(council)
            .QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {council}")))
        {
            if (row.RowKey.Contains(id, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    [Fact]
    public async Task Rows_DoNotRepeatWhatTheirKeysHold_NameRowsAreKeysAlone()
    {
        var officer = _service.Officer();
        var id = await officer.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire", channel = "phone", applicant = new { firstName = "Keyonly", lastName = "Rowcheck", email = "keyonly@example.org" },
            consent = new { sms = false, email = true },
        });
        var rows = await EntitiesOfAsync("hertfordshire", id);

        var names = rows.Where(r => r.RowKey.StartsWith("m~", StringComparison.Ordinal)).ToList();
        Assert.Equal(["m~keyonly~" + id, "m~rowcheck~" + id], names.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.All(names, r => Assert.Empty(r.Keys.Except(["PartitionKey", "RowKey", "Timestamp", "odata.etag"], StringComparer.Ordinal)));

        var clock = Assert.Single(rows, r => r.RowKey.StartsWith("a~", StringComparison.Ordinal));
        Assert.DoesNotContain(id, clock.GetString("Line"), StringComparison.Ordinal);
        Assert.DoesNotContain("hertfordshire", clock.GetString("Line"), StringComparison.Ordinal);
        Assert.False(clock.ContainsKey("At"));

        // What the keys hold comes back on reading: the journey, its council and the clock's due time.
        var listed = Assert.Single(await ListedAsync("hertfordshire"), l => l.Item.JourneyId == id);
        Assert.Equal("hertfordshire", listed.Item.Council);
        Assert.Equal(Assert.Single(listed.Item.Clocks).DueAt, listed.Next!.DueAt);
        Assert.Equal([id], (await Index.FindByNameAsync(["hertfordshire"], "rowcheck keyon", CancellationToken.None)).Select(i => i.JourneyId));
    }

    [Fact]
    public async Task EveryChange_KeepsTheJourneysLine_EndingOrErasingDropsIt()
    {
        var officer = _service.Officer();
        var id = await officer.StartJourneyAsync();
        var other = await officer.StartJourneyAsync(Api.Enquiry("leicestershire"));

        var line = Assert.Single(await LinesAsync("hertfordshire"), l => l.JourneyId == id);
        Assert.Equal("Enquiry", line.Stage);
        Assert.Equal("EnquiryResponse", Assert.Single(line.Clocks).Clock);
        Assert.DoesNotContain(await LinesAsync("hertfordshire"), l => l.JourneyId == other);
        Assert.Contains(await LinesAsync("leicestershire"), l => l.JourneyId == other);

        await officer.PostEventAsync(id, "ContactAttempted", new { outcome = "LeftMessage" });
        await officer.PostEventAsync(id, "ContactMade");
        await officer.PostEventAsync(id, "Allocated", new { to = "herts-officer@loopback.example" });
        line = Assert.Single(await LinesAsync("hertfordshire"), l => l.JourneyId == id);
        Assert.Equal("Screening", line.Stage);
        Assert.Empty(line.Clocks);
        Assert.Equal("herts-officer@loopback.example", line.AllocatedTo);
        Assert.Equal("LeftMessage", line.LastAttempt);

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW1" })).StatusCode);
        Assert.DoesNotContain(await LinesAsync("hertfordshire"), l => l.JourneyId == id);

        // An enquiry erased while it runs leaves the worklist with it.
        var erased = await officer.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire",
            channel = "phone",
            applicant = new { firstName = "Eve", lastName = "Erased", email = $"erase-{Guid.NewGuid():N}@example.org" },
            consent = new { sms = false, email = true },
        });
        Assert.Contains(await LinesAsync("hertfordshire"), l => l.JourneyId == erased);
        var email = (await officer.GetJsonAsync($"/api/journeys/{erased}")).GetProperty("applicant").Str("email");
        Assert.Equal(HttpStatusCode.NoContent, (await officer.AsAdminAsync(HttpMethod.Delete, $"/api/people?email={Uri.EscapeDataString(email)}")).StatusCode);
        Assert.DoesNotContain(await LinesAsync("hertfordshire"), l => l.JourneyId == erased);
    }

    [Fact]
    public async Task Stage1_ChecksDue_AreOnTheLine_NamedForThePerson()
    {
        var officer = _service.Officer();
        var id = await officer.StartAtStage1Async();
        await officer.PostEventAsync(id, "HouseholdMemberAdded", new { relationship = "Partner", firstName = "Alex", dateOfBirth = "1990-05-01" });

        var line = Assert.Single(await LinesAsync("hertfordshire"), l => l.JourneyId == id);
        Assert.Equal("Stage1", line.Stage);
        Assert.Contains(line.Checks, c => c.Check == "DBS" && c.Person == "Alex (partner)");
        Assert.Contains(line.Checks, c => c.Check == "Medical" && c.Person == "Sam Jones (applicant)");
        Assert.Contains(line.Clocks, c => c.Clock == "Stage1");

        // Listed once by due time, under its earliest clock, though more than one runs.
        Assert.True(line.Clocks.Count >= 2, string.Join(", ", line.Clocks));
        var listed = Assert.Single(await ListedAsync("hertfordshire"), l => l.Item.JourneyId == id);
        Assert.Equal(line.Clocks.MinBy(c => c.DueAt), listed.Next);
    }

    [Fact]
    public async Task JourneyList_ByClockAllocationAndDueTime_ReadsTheIndex_OrderedByDue_PagedToTheEnd()
    {
        var officer = _service.Officer();
        var enquiry = await officer.StartJourneyAsync();
        var visit = await officer.StartJourneyAsync();
        await officer.PostEventAsync(visit, "ContactMade");
        await officer.PostEventAsync(visit, "ScreeningCompleted", new { nextStep = "InitialVisit" });
        var allocated = await officer.StartJourneyAsync();
        await officer.PostEventAsync(allocated, "Allocated", new { to = "lina.lal@leicestershire.example" });
        var ended = await officer.StartJourneyAsync();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/journeys/{ended}/withdraw", new { reasonCode = "AW0" })).StatusCode);
        var screening = await officer.StartJourneyAsync();
        await officer.PostEventAsync(screening, "ContactMade"); // screening: no clock runs

        async Task<List<string>> IdsAsync(string query) =>
            [.. (await officer.GetJsonAsync($"/api/journeys?localAuthority=hertfordshire&{query}")).GetProperty("items").EnumerateArray().Select(i => i.Str("journeyId"))];

        // Ordered by the next clock's due time: both enquiries (due 29 December, 09:30) before the visit (5 working days),
        // and the journey with no clock running last.
        var byDue = await IdsAsync("order=due");
        Assert.Equal(4, byDue.Count);
        Assert.Equal([visit, screening], byDue[^2..]);
        Assert.DoesNotContain(ended, byDue);
        Assert.Equal([visit], await IdsAsync("clock=InitialVisit"));
        Assert.Equal([allocated], await IdsAsync("allocatedTo=LINA.LAL@leicestershire.example"));
        Assert.Equal(new[] { enquiry, allocated }.Order(StringComparer.Ordinal), (await IdsAsync("dueBefore=2026-12-29T10:00:00%2B00:00")).Order(StringComparer.Ordinal));
        Assert.Empty(await IdsAsync("order=due&status=Withdrawn"));

        var first = await officer.GetJsonAsync("/api/journeys?localAuthority=hertfordshire&order=due&pageSize=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal("EnquiryResponse", first.GetProperty("items")[0].Str("nextClock"));
        var token = first.Str("continuationToken");
        var second = await officer.GetJsonAsync($"/api/journeys?localAuthority=hertfordshire&order=due&pageSize=2&continuationToken={token}");
        Assert.Equal([visit, screening], second.GetProperty("items").EnumerateArray().Select(i => i.Str("journeyId")));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("continuationToken").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("items")[1].GetProperty("nextClock").ValueKind);

        // A token given out before the list read clock rows (n~{ticks}~{id}) goes on after that journey as it did.
        var last = first.GetProperty("items")[1];
        var ticks = DateTimeOffset.Parse(last.Str("nextDueAt"), CultureInfo.InvariantCulture).UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        var legacy = "due." + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"n~{ticks}~{last.Str("journeyId")}"));
        var resumed = await officer.GetJsonAsync($"/api/journeys?localAuthority=hertfordshire&order=due&pageSize=2&continuationToken={legacy}");
        Assert.Equal([visit, screening], resumed.GetProperty("items").EnumerateArray().Select(i => i.Str("journeyId")));
    }

    [Theory]
    [InlineData("order=name", "order")]
    [InlineData("dueBefore=soon", "dueBefore")]
    [InlineData("dueBefore=2026-12-29T10:00:00", "dueBefore")]
    [InlineData("clock=Moon", "clock")]
    [InlineData("allocatedTo=olu%20okafor", "allocatedTo")]
    [InlineData("order=due&continuationToken=due.x", "continuationToken")]
    [InlineData("clock=Panel&continuationToken=due.YX5QYW5lbA", "continuationToken")] // a key too short for its parts
    [InlineData("clock=Stage1&continuationToken=due.bn4wMDAwMDAwMDAwMDAwMDAwMDAxfjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm", "continuationToken")] // the next-clock list's token for one clock's
    [InlineData("clock=%20Stage1", "clock")]
    [InlineData("clock=3", "clock")]
    public async Task JourneyList_BadWorkFilter_Is400NamingIt(string query, string field)
    {
        var response = await _service.Officer().GetAsync($"/api/journeys?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Sections_AreRangeReadsByDueTime_LimitedToWhatTheyShow_SayingThereAreMore()
    {
        var officer = _service.Officer();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await officer.StartJourneyAsync());
            await officer.AdvanceAsync("PT10M");
        }

        var filter = new WorkFilter(null, null, null, null, null);
        var dueSoon = await Index.SectionAsync(["hertfordshire"], WorkKind.Clock, _ => (Now, Now.AddDays(30)), filter, "", 2, CancellationToken.None);
        Assert.Equal(ids.Take(2), dueSoon.Lines.Select(l => l.Item.JourneyId)); // the soonest due first, two of three
        Assert.True(dueSoon.More);
        Assert.All(dueSoon.Lines, l => Assert.Equal("EnquiryResponse", l.Entry.Clock));
        Assert.DoesNotContain((await Index.SectionAsync(["hertfordshire"], WorkKind.Clock, _ => (null, Now), filter, "", 50, CancellationToken.None)).Lines,
            l => ids.Contains(l.Item.JourneyId));

        // A week on, the three are overdue, longest overdue first, and no longer due soon.
        await officer.AdvanceAsync("P7D");
        var overdue = await Index.SectionAsync(["hertfordshire"], WorkKind.Clock, _ => (null, Now), filter, "", 50, CancellationToken.None);
        Assert.Equal(ids, overdue.Lines.Select(l => l.Item.JourneyId).Where(ids.Contains));
        Assert.False(overdue.More);
        Assert.DoesNotContain((await Index.SectionAsync(["hertfordshire"], WorkKind.Clock, _ => (Now, Now.AddDays(30)), filter, "", 50, CancellationToken.None)).Lines,
            l => ids.Contains(l.Item.JourneyId));

        // Narrowed by allocation on the server: only the one allocated to me.
        await officer.PostEventAsync(ids[1], "Allocated", new { to = "olu.okafor@hertfordshire.example" });
        var mine = await Index.SectionAsync(["hertfordshire"], WorkKind.Clock, _ => (null, Now), filter with { Allocated = WorkFilter.Me }, "Olu.Okafor@hertfordshire.example", 50,
            CancellationToken.None);
        Assert.Equal([ids[1]], mine.Lines.Select(l => l.Item.JourneyId));
    }

    [Fact]
    public async Task AnApplicantWaiting_IsInItsSection_UntilAMemberOfStaffRecordsAStep()
    {
        var officer = _service.Officer();
        var replied = await officer.StartJourneyAsync();
        var quiet = await officer.StartJourneyAsync(Api.Enquiry(council: "leicestershire"));
        var filter = new WorkFilter(null, null, null, null, null);
        Task<WorkSlice> WaitingAsync() => Index.SectionAsync(["hertfordshire", "leicestershire"], WorkKind.Attention, _ => (null, null), filter, "", 50, CancellationToken.None);
        Assert.Empty((await WaitingAsync()).Lines);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notify/inbound")
        {
            Content = JsonContent.Create(new { id = "in-77", source_number = "447911123456", destination_number = "07700900000", content = "Can you call me?", date_received = Now }),
        };
        request.Headers.Authorization = new("Bearer", "dev-notify-callback-token");
        Assert.Equal(HttpStatusCode.NoContent, (await _service.CreateClient().SendAsync(request)).StatusCode);

        var waiting = Assert.Single((await WaitingAsync()).Lines);
        Assert.Equal(replied, waiting.Item.JourneyId);
        Assert.Contains("ApplicantReplied", waiting.Item.Flags);
        Assert.Equal(Now, waiting.Entry.At);
        Assert.DoesNotContain(quiet, (await WaitingAsync()).Lines.Select(l => l.Item.JourneyId));

        await officer.PostEventAsync(replied, "ContactMade");
        Assert.Empty((await WaitingAsync()).Lines);
        Assert.DoesNotContain(await RowsOfAsync("hertfordshire", replied), k => k.StartsWith("r~", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_ByWordsOfTheName_OrReference_FindsOnlyTheCouncilsAskedFor()
    {
        var officer = _service.Officer();
        var surname = $"Zed{Guid.NewGuid():N}"[..12];
        var herts = await officer.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire", channel = "phone", applicant = new { firstName = "Siân", lastName = $"O'{surname}", email = $"{surname}@example.org" }, consent = new { sms = false, email = false },
        });
        var leics = await officer.StartJourneyAsync(new
        {
            localAuthority = "leicestershire", channel = "phone", applicant = new { firstName = "Sian", lastName = surname, email = $"{surname}@example.org" }, consent = new { sms = false, email = false },
        });

        var found = await Index.FindByNameAsync(["hertfordshire"], $"sian o{surname[..6]}", CancellationToken.None);
        Assert.Equal([herts], found.Select(i => i.JourneyId));
        Assert.Equal(new[] { herts, leics }.Order(StringComparer.Ordinal), (await Index.FindByNameAsync(["hertfordshire", "leicestershire"], "SIÂN", CancellationToken.None))
            .Select(i => i.JourneyId).Where(new[] { herts, leics }.Contains).Order(StringComparer.Ordinal)); // accents and case folded
        Assert.Equal([leics], (await Index.FindByNameAsync(["hertfordshire", "leicestershire"], surname, CancellationToken.None)).Select(i => i.JourneyId));
        Assert.Empty(await Index.FindByNameAsync(["hertfordshire"], "sian nobody", CancellationToken.None));
        Assert.Equal([leics], (await Index.LinesAsync([("leicestershire", leics), ("hertfordshire", leics)], WorkSection.Shown, CancellationToken.None)).Select(i => i.JourneyId));
    }

    [Fact]
    public async Task Search_ByAName_MoreThanAWorklistShows_FindsThemAll_ForTheWorklistToOrderAndCut()
    {
        var officer = _service.Officer();
        var surname = $"Many{Guid.NewGuid():N}"[..12];
        var ids = new List<string>();
        for (var i = 0; i < WorkSection.Shown + 10; i++)
        {
            ids.Add(await officer.StartJourneyAsync(new
            {
                localAuthority = "hertfordshire", channel = "phone", applicant = new { firstName = i % 2 == 0 ? "Sam" : "Alex", lastName = surname, email = $"{surname}{i}@example.org" },
                consent = new { sms = false, email = true },
            }));
        }

        var all = await Index.FindByNameAsync(["hertfordshire"], surname, CancellationToken.None);
        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(i => i.JourneyId).Order(StringComparer.Ordinal));
        var sams = await Index.FindByNameAsync(["hertfordshire"], $"sam {surname[..6]}", CancellationToken.None);
        Assert.Equal(ids.Where((_, i) => i % 2 == 0).Order(StringComparer.Ordinal), sams.Select(i => i.JourneyId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RowsWrittenForACommitThatNeverHappened_GoWithTheJourneysNextChange()
    {
        var officer = _service.Officer();
        var id = await officer.StartJourneyAsync();
        var stored = await RowsOfAsync("hertfordshire", id);
        Assert.Contains(stored, k => k.StartsWith("a~", StringComparison.Ordinal) && k.EndsWith("~EnquiryResponse", StringComparison.Ordinal));

        // Rows written ahead of a commit that then failed: the journey as it would have been (at screening, no clock).
        var journey = (await _service.Services.GetRequiredService<JourneyStore>().LoadAsync(id, LoadDepth.State))!.Value.Journey;
        journey.Stage = Stage.Screening;
        journey.Deadlines.Clear();
        var policy = _service.Services.GetRequiredService<FosteringWorkflows.Policies.PolicyBook>().Current("hertfordshire");
        await Index.WriteAsync(journey, policy, null, CancellationToken.None);
        Assert.Contains(await RowsOfAsync("hertfordshire", id), k => k.StartsWith("s~", StringComparison.Ordinal));

        // The journey's next change puts its rows back as the journey stands, and leaves none behind.
        await officer.PostEventAsync(id, "ContactAttempted", new { outcome = "NoAnswer" });
        var after = await RowsOfAsync("hertfordshire", id);
        Assert.Equal(stored.Order(StringComparer.Ordinal), after.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AStalledJourney_TheTeamIsToldOnce_AndAgainOnlyWhenItStallsAgain()
    {
        var officer = _service.Officer();
        var id = await officer.StartJourneyAsync();
        await officer.PostEventAsync(id, "ContactMade"); // screening: no clock watches it
        var watcher = _service.Services.GetRequiredService<StallWatcher>();
        var filter = new WorkFilter(null, null, null, null, null);
        async Task<bool> ShownStalledAsync() => (await Index.SectionAsync(["hertfordshire"], WorkKind.Stall, _ => (null, Now.AddTicks(1)), filter, "", 50, CancellationToken.None))
            .Lines.Any(l => l.Item.JourneyId == id);
        async Task<int> AlertsAsync() => (await officer.OutboxAsync(id)).Count(m => m.Str("template") == "staff-journey-stalled");

        Assert.Equal(0, await watcher.CheckAsync(CancellationToken.None));
        Assert.False(await ShownStalledAsync());

        // Three weeks over Christmas: more than 10 working days without a step.
        await officer.AdvanceAsync("P21D");
        Assert.True(await ShownStalledAsync());
        Assert.Equal(1, await watcher.CheckAsync(CancellationToken.None));
        Assert.Equal(0, await watcher.CheckAsync(CancellationToken.None)); // told once
        Assert.Equal(1, await AlertsAsync());
        Assert.True(await ShownStalledAsync()); // still on the work list until someone acts

        // A step ends the stall; three more weeks without one is a new stall, told again.
        await officer.PostEventAsync(id, "NoteAdded", new { text = "Left a voicemail." });
        Assert.False(await ShownStalledAsync());
        Assert.Equal(0, await watcher.CheckAsync(CancellationToken.None));
        await officer.AdvanceAsync("P21D");
        Assert.Equal(1, await watcher.CheckAsync(CancellationToken.None));
        Assert.Equal(2, await AlertsAsync());
    }
}
