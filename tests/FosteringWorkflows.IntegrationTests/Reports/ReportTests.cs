using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using FosteringWorkflows.IntegrationTests.Infrastructure;

namespace FosteringWorkflows.IntegrationTests.Reports;

/// <summary>
/// The managers' reports against journeys built with known outcomes: every expected figure below was worked out by hand from
/// the times the test gives, not read back from the service.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ReportTests(AzuriteFixture azurite)
{
    /// <summary>A manager key for Hertfordshire alone, beside the sample keys.</summary>
    public static readonly Dictionary<string, string?> HertsManager = new()
    {
        ["ApiKeys:9:Name"] = "herts-manager",
        ["ApiKeys:9:Key"] = "herts-manager-key",
        ["ApiKeys:9:Role"] = "Manager",
        ["ApiKeys:9:Councils"] = "hertfordshire",
    };

    private static DateTimeOffset Jan(int day, int hour = 9, int minute = 0) => new(2027, 1, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sla_CountsMetBreachedOpenAndOverdue_WithWorkingHourPercentiles_AndListsTheBreaches()
    {
        // Monday 4 January 2027, 09:00 GMT: five enquiries, each with 2 working hours for a first contact (due 11:00).
        using var service = new TestService(azurite, start: Jan(4));
        using var officer = service.Officer();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await officer.StartJourneyAsync());
        }

        await officer.AdvanceToAsync(Jan(4, 9, 30));
        await officer.PostEventAsync(ids[0], "ContactMade");                    // met after 0.5 working hours
        await officer.AdvanceToAsync(Jan(4, 10, 30));
        await officer.PostEventAsync(ids[1], "ContactMade");                    // met after 1.5
        await officer.AdvanceToAsync(Jan(4, 12, 0));                            // the 11:00 breaches are marked on the way
        await officer.PostEventAsync(ids[2], "ContactMade");                    // late: 3 working hours, an hour overdue
        await officer.PostEventAsync(ids[4], "ContactMade", occurredAt: Jan(4, 10, 0)); // recorded late, made in time: met after 1.0
        await officer.AdvanceToAsync(Jan(4, 12, 30));                           // ids[3] never contacted: open and 1h30 overdue

        using var manager = service.Manager();
        var report = await manager.GetJsonAsync("/api/reports/sla?localAuthority=hertfordshire&from=2027-01-01&to=2027-01-31");
        var clock = report.GetProperty("clocks").EnumerateArray().Single(c => c.Str("clock") == "EnquiryResponse");
        Assert.Equal("workingHours", clock.Str("unit"));
        Assert.Equal(3, clock.GetProperty("met").GetInt32());
        Assert.Equal(2, clock.GetProperty("breached").GetInt32());
        Assert.Equal(1, clock.GetProperty("open").GetInt32());
        Assert.Equal(1, clock.GetProperty("openOverdue").GetInt32());
        // 0.5, 1.0, 1.5 and 3.0 working hours: median 1.25; 90th percentile 1.5 + 0.7 × 1.5 = 2.55.
        Assert.Equal(1.25, clock.GetProperty("medianHours").GetDouble());
        Assert.Equal(2.55, clock.GetProperty("p90Hours").GetDouble());
        Assert.Equal(1.25, clock.GetProperty("median").GetDouble());
        Assert.All(report.GetProperty("clocks").EnumerateArray().Where(c => c.Str("clock") != "EnquiryResponse"),
            c => Assert.Equal(0, c.GetProperty("breached").GetInt32()));

        var breaches = report.GetProperty("breaches").EnumerateArray().ToList();
        Assert.Equal(2, breaches.Count);
        var late = breaches.Single(b => b.Str("journeyId") == ids[2]);
        Assert.Equal(("EnquiryResponse", Jan(4, 11), "PT1H", false), (late.Str("clock"), late.Time("dueAt"), late.Str("overdueBy"), late.GetProperty("open").GetBoolean()));
        Assert.False(late.GetProperty("cancelled").GetBoolean());
        var open = breaches.Single(b => b.Str("journeyId") == ids[3]);
        Assert.Equal((Jan(4, 11), "PT1H30M", true), (open.Time("dueAt"), open.Str("overdueBy"), open.GetProperty("open").GetBoolean()));

        // The breach list names journeys: the audit records that the manager was shown them, in the council's audit.
        using var admin = service.As(Infrastructure.Api.AdminKey);
        var audit = (await admin.GetJsonAsync($"/api/audit?journeyId={ids[3]}")).GetProperty("items").EnumerateArray();
        Assert.Contains(audit, x => x.Str("route") == "/api/reports/sla" && x.Str("actor") == "dev-manager" && x.Str("council") == "hertfordshire");

        // A period that holds none of these clocks' starts counts none of them.
        var december = await manager.GetJsonAsync("/api/reports/sla?localAuthority=hertfordshire&from=2026-12-01&to=2027-01-03");
        Assert.Equal(0, december.GetProperty("clocks").EnumerateArray().Sum(c => c.GetProperty("met").GetInt32()));
        Assert.Empty(december.GetProperty("breaches").EnumerateArray());

        // The CSV holds the same figures: parsed back, its rows match the JSON's.
        var csv = await Csv(manager, "/api/reports/sla.csv?localAuthority=hertfordshire&from=2027-01-01&to=2027-01-31");
        var row = csv.Single(r => r["section"] == "clock" && r["clock"] == "EnquiryResponse");
        Assert.Equal(("3", "2", "1", "1", "1.25", "2.55"), (row["met"], row["breached"], row["open"], row["openOverdue"], row["medianHours"], row["p90Hours"]));
        Assert.Equal(breaches.Select(b => (b.Str("journeyId"), b.Str("overdueBy"))).Order(),
            csv.Where(r => r["section"] == "breach").Select(r => (r["journeyId"], r["overdueBy"])).Order());
        var accept = new HttpRequestMessage(HttpMethod.Get, "/api/reports/sla?localAuthority=hertfordshire&from=2027-01-01&to=2027-01-31");
        accept.Headers.Accept.ParseAdd("text/csv");
        var negotiated = await manager.SendAsync(accept);
        Assert.Equal("text/csv", negotiated.Content.Headers.ContentType?.MediaType);

        // "Never CSV" (q=0), or JSON preferred to it, is JSON.
        foreach (var header in new[] { "text/csv;q=0", "text/csv;q=0.5, application/json", "application/json, text/csv;q=0.1" })
        {
            var declined = new HttpRequestMessage(HttpMethod.Get, "/api/reports/sla?localAuthority=hertfordshire&from=2027-01-01&to=2027-01-31");
            declined.Headers.TryAddWithoutValidation("Accept", header);
            var json = await manager.SendAsync(declined);
            Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task FunnelKpisAndOfstedYear_CountEachStepOnItsLocalDate_AcrossTheAprilBoundary()
    {
        // Friday 2 April 2027. Hertfordshire's targets lowered so that March meets one and misses another.
        var settings = new Dictionary<string, string?>(HertsManager)
        {
            ["Councils:hertfordshire:Targets:Enquiries"] = "1",
            ["Councils:hertfordshire:Targets:InitialVisits"] = "2",
        };
        using var service = new TestService(azurite, start: new DateTimeOffset(2027, 4, 2, 10, 0, 0, TimeSpan.Zero), settings: settings);
        using var officer = service.Officer();
        var bst = TimeSpan.FromHours(1);
        // A: 31 March, midday in London. B: 23:30 UTC on 31 March, which is 00:30 on 1 April in London. C: 1 April.
        var a = await officer.StartJourneyAsync(Infrastructure.Api.Enquiry(receivedAt: new DateTimeOffset(2027, 3, 31, 12, 0, 0, bst)));
        var b = await officer.StartJourneyAsync(Infrastructure.Api.Enquiry(receivedAt: new DateTimeOffset(2027, 3, 31, 23, 30, 0, TimeSpan.Zero)));
        await officer.StartJourneyAsync(Infrastructure.Api.Enquiry(receivedAt: new DateTimeOffset(2027, 4, 1, 9, 0, 0, bst)));
        await officer.StartJourneyAsync(Infrastructure.Api.Enquiry("leicestershire", receivedAt: new DateTimeOffset(2027, 3, 15, 9, 0, 0, TimeSpan.Zero)));

        var at = new DateTimeOffset(2027, 3, 31, 13, 0, 0, bst);
        await officer.PostEventAsync(a, "ContactMade", occurredAt: at);
        await officer.PostEventAsync(a, "ScreeningCompleted", new { nextStep = "InitialVisit" }, at.AddMinutes(10));
        await officer.PostEventAsync(a, "InitialVisitCompleted", occurredAt: at.AddHours(2));
        await officer.PostEventAsync(a, "ProgressDecided", new { decision = "Progress" }, at.AddHours(3));
        await officer.PostEventAsync(a, "ApplicationReceived", occurredAt: at.AddHours(3));
        await officer.PostEventAsync(a, "SkillsToFosterInvited", occurredAt: at.AddHours(4));
        await officer.PostEventAsync(a, "SkillsToFosterInvited"); // told twice, counted once (in March)
        await officer.PostEventAsync(b, "ContactMade");
        var withdrawn = await officer.PostAsJsonAsync($"/api/journeys/{b}/withdraw", new { reasonCode = "AW2" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        using var manager = service.As("herts-manager-key");
        var funnel = await manager.GetJsonAsync("/api/reports/funnel?from=2027-03-01&to=2027-04-30");
        Assert.Equal(["hertfordshire"], funnel.GetProperty("localAuthorities").EnumerateArray().Select(e => e.GetString()));
        var stages = funnel.GetProperty("stages").EnumerateArray().ToDictionary(s => s.Str("stage"));
        Assert.Equal([3, 2, 1, 1, 0, 0, 0], stages.Values.Select(s => s.GetProperty("count").GetInt32()));
        Assert.Equal(JsonValueKind.Null, stages["Enquiry"].GetProperty("conversion").ValueKind);
        Assert.Equal(0.6667, stages["ContactMade"].GetProperty("conversion").GetDouble());
        Assert.Equal(0.5, stages["InitialVisit"].GetProperty("conversion").GetDouble());
        Assert.Equal(1.0, stages["Application"].GetProperty("conversion").GetDouble());
        Assert.Equal(JsonValueKind.Null, stages["Panel"].GetProperty("conversion").ValueKind); // nobody reached the step before
        var withdrawal = Assert.Single(funnel.GetProperty("withdrawals").EnumerateArray());
        Assert.Equal(("BeforeApplication", "AW2", 1), (withdrawal.Str("stage"), withdrawal.Str("reasonCode"), withdrawal.GetProperty("count").GetInt32()));

        // Ofsted's year runs April to March in London: A is in 2026-27, B and C in 2027-28.
        var lastYear = await manager.GetJsonAsync("/api/reports/ofsted?year=2026-27");
        Assert.Equal(("2027-03-31", 1, 1, 0), (lastYear.Str("to"), lastYear.GetProperty("enquiries").GetInt32(), lastYear.GetProperty("applications").GetInt32(),
            lastYear.GetProperty("withdrawals").GetInt32()));
        var thisYear = await manager.GetJsonAsync("/api/reports/ofsted?year=2027-28");
        Assert.Equal((2, 0, 1), (thisYear.GetProperty("enquiries").GetInt32(), thisYear.GetProperty("applications").GetInt32(), thisYear.GetProperty("withdrawals").GetInt32()));
        var byReason = thisYear.GetProperty("withdrawalsByReason").EnumerateArray().ToList();
        Assert.Equal(18, byReason.Count); // every code at every stage, zeros included
        Assert.Equal(1, byReason.Single(w => w.Str("stage") == "BeforeApplication" && w.Str("reasonCode") == "AW2").GetProperty("count").GetInt32());
        var ofstedCsv = await Csv(manager, "/api/reports/ofsted.csv?year=2027-28");
        Assert.Equal("2", ofstedCsv.Single(r => r["measure"] == "enquiries")["count"]);

        // March is over: 1 enquiry against a target of 1 (met), 1 initial visit against 2 (missed). April is still running.
        var kpis = await manager.GetJsonAsync("/api/reports/kpis?from=2027-03-01&to=2027-04-30");
        var months = kpis.GetProperty("months").EnumerateArray().ToDictionary(m => m.Str("month"));
        var march = months["2027-03"].GetProperty("measures").EnumerateArray().ToDictionary(m => m.Str("measure"));
        Assert.True(months["2027-03"].GetProperty("complete").GetBoolean());
        Assert.Equal((1, 1, true), (march["Enquiries"].GetProperty("value").GetInt32(), march["Enquiries"].GetProperty("target").GetInt32(), march["Enquiries"].GetProperty("met").GetBoolean()));
        Assert.Equal((1, 2, false), (march["InitialVisits"].GetProperty("value").GetInt32(), march["InitialVisits"].GetProperty("target").GetInt32(), march["InitialVisits"].GetProperty("met").GetBoolean()));
        Assert.Equal((1, 12), (march["SkillsToFosterInvitations"].GetProperty("value").GetInt32(), march["SkillsToFosterInvitations"].GetProperty("target").GetInt32()));
        var april = months["2027-04"].GetProperty("measures").EnumerateArray().ToDictionary(m => m.Str("measure"));
        Assert.False(months["2027-04"].GetProperty("complete").GetBoolean());
        Assert.Equal((2, JsonValueKind.Null), (april["Enquiries"].GetProperty("value").GetInt32(), april["Enquiries"].GetProperty("met").ValueKind));

        // Scope: this manager covers Hertfordshire only.
        var other = await manager.GetAsync("/api/reports/funnel?localAuthority=leicestershire");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var hub = service.Manager();
        var both = await hub.GetJsonAsync("/api/reports/funnel?localAuthority=hertfordshire,leicestershire&from=2027-03-01&to=2027-04-30");
        Assert.Equal(4, both.GetProperty("stages")[0].GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task TimeInStage_GivesMediansAndNinetiethPercentilesInDays_AndTheShareOfApprovalsWithinTarget()
    {
        using var service = new TestService(azurite, start: new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero));
        using var officer = service.Officer();
        // Two carers' journeys, each step at 09:00 UTC on the day given (days from 4 January 2027).
        int[] x = [0, 0, 1, 10, 11, 14, 42, 43, 74, 81, 87];   // application 18 Jan, assessment done 19 Mar (60 days), approved 1 Apr
        int[] y = [0, 2, 2, 16, 17, 21, 63, 64, 141, 142, 147]; // application 25 Jan, assessment done 25 May (120 days), approved 31 May
        foreach (var days in new[] { x, y })
        {
            await ApproveAsync(officer, days);
        }

        using var manager = service.Manager();
        var report = await manager.GetJsonAsync("/api/reports/time-in-stage?localAuthority=hertfordshire&from=2027-01-01&to=2027-06-01");
        var stages = report.GetProperty("stages").EnumerateArray().ToDictionary(s => s.Str("stage"), s => (s.GetProperty("count").GetInt32(),
            s.GetProperty("medianDays").GetDouble(), s.GetProperty("p90Days").GetDouble()));
        Assert.Equal((2, 1.0, 1.8), stages["EnquiryToContact"]);          // 0 and 2 days
        Assert.Equal((2, 12.0, 13.6), stages["ContactToInitialVisit"]);   // 10 and 14
        Assert.Equal((2, 4.5, 4.9), stages["InitialVisitToApplication"]); // 4 and 5
        Assert.Equal((2, 35.0, 40.6), stages["Stage1"]);                  // 28 and 42
        Assert.Equal((2, 54.0, 72.4), stages["Assessment"]);              // 31 and 77
        Assert.Equal((2, 4.0, 6.4), stages["AssessmentToPanel"]);         // 7 and 1
        Assert.Equal((2, 5.5, 5.9), stages["PanelToDecision"]);           // 6 and 5
        var toApproval = report.GetProperty("applicationToApproval");
        Assert.Equal((2, 99.5, 120.7), (toApproval.GetProperty("count").GetInt32(), toApproval.GetProperty("medianDays").GetDouble(), toApproval.GetProperty("p90Days").GetDouble()));
        var target = Assert.Single(report.GetProperty("approvalsWithinTarget").EnumerateArray());
        Assert.Equal((90, 2, 1, 0.5), (target.GetProperty("targetDays").GetInt32(), target.GetProperty("approvals").GetInt32(),
            target.GetProperty("withinTarget").GetInt32(), target.GetProperty("share").GetDouble()));

        var funnel = await manager.GetJsonAsync("/api/reports/funnel?localAuthority=hertfordshire&from=2027-01-01&to=2027-06-01");
        Assert.Equal(1.0, funnel.GetProperty("enquiryToApproval").GetDouble());
        var csv = await Csv(manager, "/api/reports/time-in-stage.csv?localAuthority=hertfordshire&from=2027-01-01&to=2027-06-01");
        Assert.Equal(("35", "40.6"), (csv.Single(r => r["stage"] == "Stage1")["medianDays"], csv.Single(r => r["stage"] == "Stage1")["p90Days"]));
    }

    [Fact]
    public async Task Funnel_OfAHubsEnquiries_IsBrokenDownByRouteReason()
    {
        using var service = new TestService(azurite);
        using var anonymous = service.CreateClient();
        var byPostcode = await Hub.HubTests.PostHubAsync(anonymous, Hub.HubTests.Enquiry("se-r1"));
        var byPreference = await Hub.HubTests.PostHubAsync(anonymous, Hub.HubTests.Enquiry("se-r2", preferred: "portsmouth", postcode: null));
        Assert.True(byPostcode.IsSuccessStatusCode && byPreference.IsSuccessStatusCode);
        var contacted = (await byPostcode.Content.ReadFromJsonAsync<JsonElement>()).Str("journeyId");
        using var officer = service.Officer();
        await officer.StartJourneyAsync(Infrastructure.Api.Enquiry("portsmouth")); // not through the hub: in no route
        await officer.PostEventAsync(contacted, "ContactMade");

        using var manager = service.Manager();
        var funnel = await manager.GetJsonAsync("/api/reports/funnel?localAuthority=portsmouth");
        Assert.Equal(3, funnel.GetProperty("stages")[0].GetProperty("count").GetInt32());
        var routes = funnel.GetProperty("routes").EnumerateArray().ToDictionary(r => r.Str("routeReason"),
            r => r.GetProperty("stages").EnumerateArray().Take(2).Select(s => s.GetProperty("count").GetInt32()).ToArray());
        Assert.Equal(["postcode", "preference"], routes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([1, 1], routes["postcode"]);
        Assert.Equal([1, 0], routes["preference"]);
    }

    [Fact]
    public async Task JourneyRoutedFromTriageToACouncil_ItsFiguresMoveWithIt()
    {
        using var service = new TestService(azurite);
        using var anonymous = service.CreateClient();
        var held = await Hub.HubTests.PostHubAsync(anonymous, Hub.HubTests.Enquiry("se-t1", postcode: "ZZ1 1ZZ"));
        var id = (await held.Content.ReadFromJsonAsync<JsonElement>()).Str("journeyId");
        using var manager = service.Manager();
        const string triage = "/api/reports/sla?localAuthority=hampshire-iow&clock=EnquiryResponse";
        Assert.Equal(1, (await manager.GetJsonAsync(triage)).GetProperty("clocks")[0].GetProperty("open").GetInt32());

        using var triageTeam = service.As("dev-hub-triage-key");
        Assert.Equal(HttpStatusCode.OK, (await triageTeam.PostAsJsonAsync($"/api/journeys/{id}/route", new { localAuthority = "portsmouth" })).StatusCode);
        await service.Officer().PostEventAsync(id, "ContactMade");

        var before = (await manager.GetJsonAsync(triage)).GetProperty("clocks")[0];
        Assert.Equal((0, 0), (before.GetProperty("started").GetInt32(), before.GetProperty("open").GetInt32()));
        Assert.Equal(0, (await manager.GetJsonAsync("/api/reports/funnel?localAuthority=hampshire-iow")).GetProperty("stages")[0].GetProperty("count").GetInt32());
        var council = (await manager.GetJsonAsync("/api/reports/sla?localAuthority=portsmouth&clock=EnquiryResponse")).GetProperty("clocks")[0];
        Assert.Equal((1, 1, 0), (council.GetProperty("started").GetInt32(), council.GetProperty("met").GetInt32(), council.GetProperty("open").GetInt32()));
        var funnel = await manager.GetJsonAsync("/api/reports/funnel?localAuthority=portsmouth");
        Assert.Equal([1, 1], funnel.GetProperty("stages").EnumerateArray().Take(2).Select(s => s.GetProperty("count").GetInt32()));
        var both = await manager.GetJsonAsync("/api/reports/funnel?localAuthority=portsmouth,hampshire-iow");
        Assert.Equal(1, both.GetProperty("stages")[0].GetProperty("count").GetInt32()); // counted once, where it is
    }

    [Fact]
    public async Task RacingEvents_OnlyTheOneThatHappenedIsCounted()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await officer.StartJourneyAsync();
            await officer.PostEventAsync(id, "ContactMade");
            ids.Add(id);
        }

        await officer.AdvanceAsync("PT10M");
        // Six clicks at once on each journey, each a minute apart in occurredAt: one wins, the rest are refused.
        var clicks = ids.SelectMany(id => Enumerable.Range(1, 6).Select(minute => officer.PostAsJsonAsync($"/api/journeys/{id}/events", new
        {
            type = "ScreeningCompleted", occurredAt = TestService.ChristmasEve.AddMinutes(minute), data = new { nextStep = "InitialVisit" },
        })));
        var answers = await Task.WhenAll(clicks);
        Assert.Equal(3, answers.Count(a => a.IsSuccessStatusCode));

        using var manager = service.Manager();
        var clock = (await manager.GetJsonAsync("/api/reports/sla?localAuthority=hertfordshire&clock=InitialVisit")).GetProperty("clocks")[0];
        Assert.Equal((3, 3), (clock.GetProperty("started").GetInt32(), clock.GetProperty("open").GetInt32()));
    }

    [Fact]
    public async Task WithdrawnWaitingForTheApplication_IsAWithdrawalBeforeApplication()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        var id = await officer.StartAtApplicationAsync();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW5" })).StatusCode);
        var unsuitable = await officer.StartAtStage1Async();
        await officer.PostEventAsync(unsuitable, "Stage1Completed", new { outcome = "Unsuitable" });
        var ofsted = await service.Manager().GetJsonAsync("/api/reports/ofsted?year=2026-27&localAuthority=hertfordshire");
        Assert.Equal((1, 1, 1, 0), (ofsted.GetProperty("applications").GetInt32(), ofsted.GetProperty("notApproved").GetInt32(),
            ofsted.GetProperty("withdrawals").GetInt32(), ofsted.GetProperty("applicationsWithdrawn").GetInt32()));
        var withdrawal = ofsted.GetProperty("withdrawalsByReason").EnumerateArray().Single(w => w.GetProperty("count").GetInt32() > 0);
        Assert.Equal(("BeforeApplication", "AW5"), (withdrawal.Str("stage"), withdrawal.Str("reasonCode")));
    }

    [Fact]
    public async Task PurgedJourney_ItsCountsStay_ItsReferenceLeavesTheBreachList()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        var id = await officer.StartJourneyAsync();
        await officer.AdvanceToAsync(new DateTimeOffset(2026, 12, 29, 12, 0, 0, TimeSpan.Zero)); // due 29 Dec 09:30: breached
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW3" })).StatusCode);
        using var manager = service.Manager();
        const string december = "/api/reports/sla?localAuthority=hertfordshire&from=2026-12-01&to=2026-12-31";
        Assert.Contains((await manager.GetJsonAsync(december)).GetProperty("breaches").EnumerateArray(), b => b.Str("journeyId") == id);

        await officer.AdvanceAsync("P2Y7D"); // an enquiry's records are kept 2 years from its end
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/journeys/{id}")).StatusCode);
        var after = await manager.GetJsonAsync(december);
        var clock = after.GetProperty("clocks").EnumerateArray().Single(c => c.Str("clock") == "EnquiryResponse");
        Assert.Equal((1, 1, 0), (clock.GetProperty("started").GetInt32(), clock.GetProperty("breached").GetInt32(), clock.GetProperty("open").GetInt32()));
        Assert.Empty(after.GetProperty("breaches").EnumerateArray());
        var ofsted = await manager.GetJsonAsync("/api/reports/ofsted?year=2026-27&localAuthority=hertfordshire");
        Assert.Equal((1, 1), (ofsted.GetProperty("enquiries").GetInt32(), ofsted.GetProperty("withdrawals").GetInt32()));
    }

    [Fact]
    public async Task Reports_AreForManagers_AndRefuseBadFilters_NamingTheField()
    {
        using var service = new TestService(azurite);
        using var officer = service.Officer();
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/reports/sla")).StatusCode);
        using var anonymous = service.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports/sla")).StatusCode);
        // A lapsed or forged session on the API is 401 too, never a redirect to sign in.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/reports/sla.csv");
        forged.Headers.Add("Cookie", "fw-session=garbage");
        var lapsed = await service.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, lapsed.StatusCode);

        using var manager = service.Manager();
        foreach (var (query, field) in new[]
        {
            ("localAuthority=narnia", "localAuthority"), ("from=2026-13-01", "from"), ("to=yesterday", "to"), ("from=2026-12-02&to=2026-12-01", "to"),
            ("from=2020-01-01&to=2026-12-01", "from"), ("clock=Stage9", "clock"), ("clock=1", "clock"), ("to=9999-12-31", "to"),
            ("from=2027-06-01", "from"),
        })
        {
            var response = await manager.GetAsync($"/api/reports/sla?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }

        foreach (var year in new[] { "2026", "2026-28", "26-27", "2026-27x", "9999-00" })
        {
            var response = await manager.GetAsync($"/api/reports/ofsted?year={year}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("\"year\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    /// <summary>Takes a Hertfordshire enquiry to approval, each step at 09:00 UTC the given number of days after 4 January 2027.</summary>
    private static async Task ApproveAsync(HttpClient officer, int[] days)
    {
        DateTimeOffset On(int i) => Jan(4).AddDays(days[i]);
        var id = await officer.StartJourneyAsync(Infrastructure.Api.Enquiry(receivedAt: On(0)));
        await officer.PostEventAsync(id, "ContactMade", occurredAt: On(1));
        await officer.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" }, On(2));
        await officer.PostEventAsync(id, "InitialVisitCompleted", occurredAt: On(3));
        await officer.PostEventAsync(id, "ProgressDecided", new { decision = "Progress" }, On(4));
        await officer.PostEventAsync(id, "ApplicationReceived", occurredAt: On(5));
        foreach (var check in Infrastructure.Api.DefaultChecks)
        {
            await officer.PostEventAsync(id, "CheckCompleted", new { check }, On(5));
        }

        await officer.PostEventAsync(id, "Stage1Completed", new { outcome = "Proceed" }, On(6));
        await officer.PostEventAsync(id, "AssessmentStarted", occurredAt: On(7));
        await officer.PostEventAsync(id, "AssessmentCompleted", occurredAt: On(8));
        await officer.PostEventAsync(id, "PanelRecommendationMade", new { recommendation = "Approve" }, On(9));
        await officer.PostEventAsync(id, "AgencyDecisionMade", new { decision = "Approve" }, On(10));
    }

    private static async Task<List<Dictionary<string, string>>> Csv(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StringReader(await response.Content.ReadAsStringAsync());
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, string>>();
        await csv.ReadAsync();
        csv.ReadHeader();
        while (await csv.ReadAsync())
        {
            rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h) ?? ""));
        }

        return rows;
    }

    [Fact]
    public async Task Reports_PastEachCallersAllowance_Are429WithRetryAfter_OtherCallersUnaffected()
    {
        using var service = new TestService(azurite, settings: new Dictionary<string, string?> { ["Reports:RequestsPerMinute"] = "3" });
        var manager = service.Manager();
        var admin = service.As(Api.AdminKey);

        var answers = new List<HttpResponseMessage>();
        foreach (var path in new[] { "/api/reports/sla", "/api/reports/funnel", "/api/reports/sla.csv", "/api/reports/kpis" })
        {
            answers.Add(await manager.GetAsync(path));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.NotNull(answers[3].Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", answers[3].Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/reports/sla")).StatusCode);
        // Cheap calls are not counted against the reports' allowance.
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/journeys")).StatusCode);
    }
}
