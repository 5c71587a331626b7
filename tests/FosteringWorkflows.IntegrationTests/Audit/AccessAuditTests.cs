using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CsvHelper;
using FosteringWorkflows.Audit;
using FosteringWorkflows.IntegrationTests.Hub;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Audit;

/// <summary>
/// The audit of access: every call to the API recorded with who, what, which journey and council, when and how it was
/// answered, readable by Admin keys only, as JSON and CSV, and never holding the applicant's details.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class AccessAuditTests(AzuriteFixture azurite)
{
    private const string Marker = "Zebedee";

    private static readonly Dictionary<string, string?> HertsAdmin = new()
    {
        ["ApiKeys:9:Name"] = "herts-admin",
        ["ApiKeys:9:Key"] = "herts-admin-key",
        ["ApiKeys:9:Role"] = "Admin",
        ["ApiKeys:9:Councils"] = "hertfordshire",
    };

    [Fact]
    public async Task StaffReadsAndChanges_EachRecordedWithWhoWhatWhenAndTheAnswer_NeverTheApplicantsDetails()
    {
        using var service = new TestService(azurite, settings: HertsAdmin);
        using var officer = service.Officer();
        var id = await officer.StartJourneyAsync(new
        {
            localAuthority = "hertfordshire", channel = "phone",
            applicant = new { firstName = Marker, lastName = Marker, email = $"{Marker}@example.org", phone = "07911 123456", postcode = "SG1 2FQ" },
            consent = new { sms = true, email = true },
        });
        await officer.GetJsonAsync($"/api/journeys/{id}");
        await officer.PostEventAsync(id, "ContactMade");
        using var herts = service.As("dev-herts-officer-key");
        var other = await officer.StartJourneyAsync(new { localAuthority = "hampshire", channel = "phone", applicant = new { firstName = "Jo", lastName = "Bloggs", email = "jo@example.org" }, consent = new { sms = false, email = true } });
        Assert.Equal(HttpStatusCode.NotFound, (await herts.GetAsync($"/api/journeys/{other}?email={Marker}@example.org")).StatusCode);

        using var admin = service.As(Infrastructure.Api.AdminKey);
        var audit = await admin.GetJsonAsync($"/api/audit?journeyId={id}");

        var entries = audit.GetProperty("items").EnumerateArray().Select(x => $"{x.Str("actor")} {x.Str("method")} {x.Str("route")} {x.GetProperty("status").GetInt32()} {x.Str("council")}").ToList();
        Assert.Equal(
        [
            "dev-officer POST /api/enquiries 201 hertfordshire",
            "dev-officer GET /api/journeys/{id} 200 hertfordshire",
            "dev-officer POST /api/journeys/{id}/events 200 hertfordshire",
        ], entries);
        Assert.All(audit.GetProperty("items").EnumerateArray(), x => Assert.Equal("Officer", x.Str("role")));

        // A probe of another council's journey is recorded against that council, without the query string it carried.
        var probe = Assert.Single((await admin.GetJsonAsync($"/api/audit?journeyId={other}")).GetProperty("items").EnumerateArray(), x => x.Str("actor") == "dev-herts-officer");
        Assert.Equal(404, probe.GetProperty("status").GetInt32());
        Assert.Equal("hampshire", probe.Str("council"));

        var everything = (await admin.GetAsync("/api/audit")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Marker, await everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example.org", await everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OfficerOrManagerKey_CannotReadTheAudit_AndTheAttemptIsRecorded()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        using var manager = service.Manager();
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/audit.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.CreateClient().GetAsync("/api/audit")).StatusCode);

        using var admin = service.As(Infrastructure.Api.AdminKey);
        var all = await admin.GetJsonAsync("/api/audit");
        var items = all.GetProperty("items").EnumerateArray()
            .Where(x => x.Str("route").StartsWith("/api/audit", StringComparison.Ordinal)).Select(x => $"{x.Str("actor")} {x.GetProperty("status").GetInt32()}").ToList();
        Assert.Equal(["dev-officer 403", "dev-manager 403", "anonymous 401"], items);
    }

    [Fact]
    public async Task CallsWithoutAKey_RecordedUpToTheBoundAMinute_KeyedCallsAlways()
    {
        using var service = new TestService(azurite);
        using var anonymous = service.CreateClient();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports/funnel")).StatusCode);
        }

        using var manager = service.Manager();
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/reports/funnel")).StatusCode);

        using var admin = service.As(Infrastructure.Api.AdminKey);
        var rows = (await admin.GetJsonAsync("/api/audit")).GetProperty("items").EnumerateArray()
            .Where(x => x.Str("route") == "/api/reports/funnel").Select(x => $"{x.Str("actor")} {x.GetProperty("status").GetInt32()}").ToList();
        var refused = rows.Count(r => r == "anonymous 401");
        Assert.InRange(refused, FosteringWorkflows.Audit.AccessAudit.AnonymousRefusalsPerMinute, 99); // a minute's bound, and perhaps a refill
        Assert.Single(rows, r => r == "dev-manager 200");
    }

    [Fact]
    public async Task ListAndExport_ShowingSeveralJourneys_RecordedInEachCouncilsAudit_NamingThem()
    {
        using var service = new TestService(azurite, settings: HertsAdmin);
        using var officer = service.Officer();
        var herts = await officer.StartJourneyAsync();
        var hants = await officer.StartJourneyAsync(new { localAuthority = "hampshire", channel = "phone", applicant = new { firstName = "Sam", lastName = "Jones", email = "sam@example.org" }, consent = new { sms = false, email = true } });
        await officer.GetJsonAsync("/api/journeys");
        using var admin = service.As(Infrastructure.Api.AdminKey);
        await admin.GetJsonAsync("/api/people/export?email=sam@example.org");

        foreach (var (id, council) in new[] { (herts, "hertfordshire"), (hants, "hampshire") })
        {
            var rows = (await admin.GetJsonAsync($"/api/audit?journeyId={id}")).GetProperty("items").EnumerateArray()
                .Select(x => $"{x.Str("actor")} {x.Str("method")} {x.Str("route")} {x.Str("council")}").ToList();
            Assert.Contains($"dev-officer GET /api/journeys {council}", rows);
            Assert.Contains($"dev-admin GET /api/people/export {council}", rows);
        }

        // The Hertfordshire Admin sees the list call with only its own journey in it.
        using var hertsAdmin = service.As("herts-admin-key");
        var seen = (await hertsAdmin.GetJsonAsync("/api/audit")).GetProperty("items").EnumerateArray().Where(x => x.Str("route") == "/api/journeys").ToList();
        var list = Assert.Single(seen);
        Assert.Equal([herts], list.GetProperty("shown").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task HubCall_RecordedAsTheHub_WithTheCouncilItWasRoutedTo()
    {
        using var service = new TestService(azurite);
        var response = await HubTests.PostHubAsync(service.CreateClient(), HubTests.Enquiry("se-audit", preferred: "portsmouth"));
        var journeyId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Str("journeyId");

        using var admin = service.As(Infrastructure.Api.AdminKey);
        var entry = Assert.Single((await admin.GetJsonAsync($"/api/audit?journeyId={journeyId}")).GetProperty("items").EnumerateArray());
        Assert.Equal("hub:south-east", entry.Str("actor"));
        Assert.Equal("portsmouth", entry.Str("council"));
        Assert.Equal(202, entry.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AdminOfOneCouncil_SeesOnlyCallsAboutItsCouncilsJourneys()
    {
        using var service = new TestService(azurite, settings: HertsAdmin);
        using var officer = service.Officer();
        var herts = await officer.StartJourneyAsync();
        var hants = await officer.StartJourneyAsync(new { localAuthority = "hampshire", channel = "phone", applicant = new { firstName = "Jo", lastName = "Bloggs", email = "jo@example.org" }, consent = new { sms = false, email = true } });

        using var admin = service.As("herts-admin-key");
        var journeys = (await admin.GetJsonAsync("/api/audit")).GetProperty("items").EnumerateArray().Select(x => x.GetProperty("journeyId").GetString()).ToHashSet();
        Assert.Contains(herts, journeys);
        Assert.DoesNotContain(hants, journeys);
    }

    [Fact]
    public async Task Csv_ParsedBack_SameEntriesAsTheJson()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        var id = await officer.StartJourneyAsync();
        await officer.PostEventAsync(id, "ContactMade");
        using var admin = service.As(Infrastructure.Api.AdminKey);
        var json = (await admin.GetJsonAsync($"/api/audit?journeyId={id}")).GetProperty("items").EnumerateArray()
            .Select(x => (x.Str("actor"), x.Str("method"), x.Str("route"), x.GetProperty("status").GetInt32(), x.Time("at"))).ToList();

        var response = await admin.GetAsync($"/api/audit.csv?journeyId={id}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        using var reader = new CsvReader(new StringReader(await response.Content.ReadAsStringAsync()), CultureInfo.InvariantCulture);
        var rows = new List<(string, string, string, int, DateTimeOffset)>();
        await reader.ReadAsync();
        reader.ReadHeader();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetField("Actor")!, reader.GetField("Method")!, reader.GetField("Route")!, reader.GetField<int>("Status"),
                DateTimeOffset.Parse(reader.GetField("At")!, CultureInfo.InvariantCulture)));
        }

        Assert.Equal(2, rows.Count);
        Assert.Equal(json, rows);
    }

    [Fact]
    public async Task EachCouncilsAuditRetention_RowsPastIt_Removed_OthersKept()
    {
        using var service = new TestService(azurite, settings: new Dictionary<string, string?> { ["Councils:hertfordshire:Policy:Retention:Audit"] = "1 Years" });
        using var officer = service.Officer();
        var herts = await officer.StartJourneyAsync();
        var hants = await officer.StartJourneyAsync(new { localAuthority = "hampshire", channel = "phone", applicant = new { firstName = "Jo", lastName = "Bloggs", email = "jo@example.org" }, consent = new { sms = false, email = true } });
        using var admin = service.As(Infrastructure.Api.AdminKey);
        async Task<int> CountAsync(string id) =>
            (await admin.GetJsonAsync($"/api/audit?from=2026-12-20&to=2026-12-31&journeyId={id}")).GetProperty("items").GetArrayLength();

        // Recorded Thu 24 Dec 2026: Hertfordshire keeps its audit a year, so that day goes once 25 Dec 2027 has begun.
        await officer.AdvanceToAsync(new DateTimeOffset(2027, 12, 24, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await CountAsync(herts));
        await officer.AdvanceToAsync(new DateTimeOffset(2027, 12, 26, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await CountAsync(herts));
        Assert.Equal(1, await CountAsync(hants));

        // Hampshire keeps the default two years.
        await officer.AdvanceToAsync(new DateTimeOffset(2028, 12, 26, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await CountAsync(hants));
    }

    [Fact]
    public async Task WhatACallerTypesInThePath_NeverRecorded_RefusedCallsKeepTheJourneysCouncil()
    {
        using var service = new TestService(azurite, settings: HertsAdmin);
        using var officer = service.Officer();
        var id = await officer.StartJourneyAsync();
        await officer.GetAsync("/api/journeys/jane.leak@example.org");
        await service.CreateClient().GetAsync("/api/journeys/%3D1%2B2%2Bjane");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsJsonAsync($"/api/journeys/{id}/applicant", new { })).StatusCode);

        using var admin = service.As(Infrastructure.Api.AdminKey);
        var everything = await (await admin.GetAsync("/api/audit.csv")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("jane", everything, StringComparison.OrdinalIgnoreCase);
        using var hertsAdmin = service.As("herts-admin-key");
        var refused = (await hertsAdmin.GetJsonAsync($"/api/audit?journeyId={id}")).GetProperty("items").EnumerateArray().Where(x => x.GetProperty("status").GetInt32() == 403);
        Assert.Equal("PUT /api/journeys/{id}/applicant", Assert.Single(refused) is var r ? $"{r.Str("method")} {r.Str("route")}" : "");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/audit?journeyId=jane@example.org")).StatusCode);
    }

    [Fact]
    public async Task ACallIsWrittenOnceItsAnswerHasGone_AndAReadOfTheAuditWaitsForIt()
    {
        using var service = new TestService(azurite);
        await service.ReadyAsync();
        var audit = service.Services.GetRequiredService<AccessAudit>();
        var rows = service.Services.GetRequiredService<StorageAccount>().Audit;
        var journeyId = new string('a', 32);
        var response = HeldResponse.Answered(audit, journeyId);
        Assert.Empty(await rows.QueryAsync<TableEntity>().ToListAsync()); // the caller is not kept waiting for the write

        var day = DateOnly.FromDateTime(TestService.ChristmasEve.UtcDateTime);
        var read = audit.ReadAsync(day, day, ["hertfordshire"], withoutCouncil: false, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(read.IsCompleted, "a read of the audit waits for the calls answered and not yet written");

        await response.CompleteAsync();
        var entry = Assert.Single(await read);
        Assert.Equal((journeyId, "hertfordshire", 200), (entry.JourneyId, entry.Council, entry.Status));
    }

    [Fact]
    public async Task ACallWhoseAnswerNeverCompletes_DoesNotHoldReadsOfTheAudit_AndIsWrittenIfItCompletesLate()
    {
        using var service = new TestService(azurite);
        await service.ReadyAsync();
        var audit = service.Services.GetRequiredService<AccessAudit>();
        var journeyId = new string('b', 32);
        var cutOff = HeldResponse.Answered(audit, journeyId);

        var day = DateOnly.FromDateTime(TestService.ChristmasEve.UtcDateTime);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var first = await audit.ReadAsync(day, day, ["hertfordshire"], withoutCouncil: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(first);
        Assert.True(waited.Elapsed >= AccessAudit.PendingWait - TimeSpan.FromMilliseconds(100), $"it waited {waited.Elapsed} for the call first");

        // Let go once: the next read does not wait for it again.
        waited.Restart();
        Assert.Empty(await audit.ReadAsync(day, day, ["hertfordshire"], withoutCouncil: false, CancellationToken.None));
        Assert.True(waited.Elapsed < AccessAudit.PendingWait, $"the second read waited {waited.Elapsed}");

        await cutOff.CompleteAsync();
        Assert.Equal(journeyId, Assert.Single(await audit.ReadAsync(day, day, ["hertfordshire"], withoutCouncil: false, CancellationToken.None)).JourneyId);
    }

    /// <summary>A response whose completion the test decides: its OnCompleted callbacks run when <see cref="CompleteAsync"/> is called.</summary>
    private sealed class HeldResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _completed = [];

        /// <summary>A GET about a Hertfordshire journey, answered 200 and recorded, whose response has not completed.</summary>
        public static HeldResponse Answered(AccessAudit audit, string journeyId)
        {
            var response = new HeldResponse();
            var http = new DefaultHttpContext();
            http.Features.Set<IHttpResponseFeature>(response);
            http.Request.Method = "GET";
            AccessAudit.Note(http, journeyId, "hertfordshire");
            audit.RecordWhenSent(http, StatusCodes.Status200OK);
            return response;
        }

        public override void OnCompleted(Func<object, Task> callback, object state) => _completed.Add((callback, state));

        public async Task CompleteAsync()
        {
            foreach (var (callback, state) in _completed)
            {
                await callback(state);
            }
        }
    }

    [Theory]
    [InlineData("/api/audit?from=yesterday", "from")]
    [InlineData("/api/audit?to=2026-13-01", "to")]
    [InlineData("/api/audit?from=2026-12-02&to=2026-12-01", "from")]
    [InlineData("/api/audit?from=2024-01-01&to=2026-12-01", "from")]
    public async Task BadPeriod_Is400NamingTheField(string path, string field)
    {
        using var service = new TestService(azurite);
        using var admin = service.As(Infrastructure.Api.AdminKey);
        var response = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }
}
