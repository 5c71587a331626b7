using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FosteringWorkflows.Hub;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FosteringWorkflows.IntegrationTests.Hub;

[Collection(AzuriteTests.Name)]
public sealed class HubTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly TestService _service = new(azurite);

    public void Dispose() => _service.Dispose();

    internal static object Enquiry(string hubEnquiryId, string? preferred = null, string? postcode = "PO4 8AA") => new
    {
        hubEnquiryId,
        preferredLocalAuthority = preferred,
        applicant = new { firstName = "Alex", lastName = "Smith", email = "alex@example.org", phone = "07700 900123", postcode, preferredChannel = "email" },
        consent = new { sms = true, email = true },
    };

    internal static async Task<HttpResponseMessage> PostHubAsync(
        HttpClient client, object body, string secret = "dev-hub-secret", DateTimeOffset? signedAt = null, Func<string, string>? tamper = null)
    {
        var json = body as string ?? JsonSerializer.Serialize(body, Web);
        var timestamp = (signedAt ?? TestService.ChristmasEve).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/hub/enquiries")
        {
            Content = new StringContent(tamper?.Invoke(json) ?? json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Hub-Timestamp", timestamp);
        request.Headers.Add("X-Hub-Signature-256", HubSignature.Sign(secret, timestamp, Encoding.UTF8.GetBytes(json)));
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<int> JourneyCountAsync() =>
        (await _service.Manager().GetJsonAsync("/api/journeys?pageSize=200")).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task Webhook_SignedEnquiry_Is202WithRoutingAnswerOnly()
    {
        var response = await PostHubAsync(_service.CreateClient(), Enquiry("se-1001"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await JsonOf(response);
        Assert.Equal("portsmouth", answer.Str("routedTo"));
        Assert.Equal("postcode", answer.Str("routeReason"));
        Assert.Equal(["journeyId", "routedTo", "routeReason"], answer.EnumerateObject().Select(p => p.Name));
        var journey = await _service.Officer().GetJsonAsync($"/api/journeys/{answer.Str("journeyId")}");
        Assert.Equal("portsmouth", journey.Str("localAuthority"));
        Assert.Equal("hub", journey.Str("channel"));
    }

    [Fact]
    public async Task Webhook_BodyStartingWithAByteOrderMark_IsTakenAsTheSameEnquiry()
    {
        // The hub signed the bytes it sent, mark and all; the mark is not part of the JSON.
        var json = JsonSerializer.Serialize(Enquiry("se-bom-1"), Web);
        var marked = await PostHubAsync(_service.CreateClient(), "\uFEFF" + json);
        Assert.Equal(HttpStatusCode.Accepted, marked.StatusCode);
        var again = await PostHubAsync(_service.CreateClient(), json);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await JsonOf(marked)).Str("journeyId"), (await JsonOf(again)).Str("journeyId"));
        Assert.Equal("postcode", (await JsonOf(again)).Str("routeReason"));
    }

    public static TheoryData<string, string?, string?, DateTimeOffset?> BadSignatures => new()
    {
        { "wrong secret", "not-the-hub-secret", null, null },
        { "stale", null, null, TestService.ChristmasEve.AddMinutes(-6) },
        { "from the future", null, null, TestService.ChristmasEve.AddMinutes(6) },
        { "tampered body", null, "Alex", null },
    };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task Webhook_BadSignature_Is401ProblemAndStoresNothing(string why, string? secret, string? tamperName, DateTimeOffset? signedAt)
    {
        var response = await PostHubAsync(_service.CreateClient(), Enquiry($"se-{why}"), secret ?? "dev-hub-secret", signedAt,
            tamperName is null ? null : json => json.Replace(tamperName, "Mallory", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.False(string.IsNullOrEmpty((await JsonOf(response)).Str("detail")));
        Assert.Equal(0, await JourneyCountAsync());
    }

    [Fact]
    public async Task Webhook_NoSignatureHeaders_Is401()
    {
        var response = await _service.CreateClient().PostAsJsonAsync("/api/hub/enquiries", Enquiry("se-unsigned"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_RotatedSecret_BothSecretsAccepted()
    {
        using var rotating = new TestService(azurite, settings: new Dictionary<string, string?>
        {
            ["Hubs:south-east:Secrets:0"] = "dev-hub-secret",
            ["Hubs:south-east:Secrets:1"] = "the-next-hub-secret",
        });

        var old = await PostHubAsync(rotating.CreateClient(), Enquiry("se-old"), "dev-hub-secret");
        var next = await PostHubAsync(rotating.CreateClient(), Enquiry("se-new"), "the-next-hub-secret");

        Assert.Equal(HttpStatusCode.Accepted, old.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
    }

    [Fact]
    public async Task Webhook_SameEnquiryTwice_SecondIs200WithSameAnswerAndNoSecondJourneyOrMessage()
    {
        var first = await PostHubAsync(_service.CreateClient(), Enquiry("se-2002"));
        var second = await PostHubAsync(_service.CreateClient(), Enquiry("se-2002", preferred: "southampton"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await JsonOf(first)).ToString(), (await JsonOf(second)).ToString());
        Assert.Equal(1, await JourneyCountAsync());
        var id = (await JsonOf(first)).Str("journeyId");
        var sent = await _service.Officer().OutboxAsync(id);
        Assert.Single(sent, m => m.Str("template") == "enquiry-acknowledgement");
    }

    [Fact]
    public async Task Webhook_SameEnquiryRacing_OneJourneyOneAcknowledgementOneBuddyPlace()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostHubAsync(_service.CreateClient(), Enquiry("se-race", preferred: "southampton"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK));
        var ids = await Task.WhenAll(responses.Select(async r => (await JsonOf(r)).Str("journeyId")));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await JourneyCountAsync());
        Assert.Single(await _service.Officer().OutboxAsync(ids[0]), m => m.Str("template") == "enquiry-acknowledgement");
        // Southampton's one buddy (capacity 2) holds exactly one place: the losers gave theirs back.
        var loads = await _service.Services.GetRequiredService<FosteringWorkflows.Councils.BuddyPool>().LoadsAsync("southampton", CancellationToken.None);
        Assert.Equal(1, loads["ash"]);
    }

    [Theory]
    [InlineData("portsmouth", "SO16 7AA", "portsmouth", "preference")]
    [InlineData(null, "PO4 8AA", "portsmouth", "postcode")]
    [InlineData(null, "so16 7aa", "southampton", "postcode")]
    [InlineData(null, "PO31 7AA", "isle-of-wight", "postcode")]
    [InlineData(null, "SO50 5AA", "hampshire", "postcode")]
    [InlineData(null, "PO9 1AA", "hampshire", "postcode")]
    [InlineData(null, "SG1 2FQ", "hertfordshire", "postcode")]
    [InlineData(null, "LE10 1AA", "leicestershire", "postcode")]
    [InlineData(null, "LE3 5AA", "hampshire-iow", "triage")] // Leicester City is not Leicestershire
    [InlineData(null, "M1 1AE", "hampshire-iow", "triage")]
    [InlineData(null, null, "hampshire-iow", "triage")]
    public async Task Webhook_Routing_GoesWhereAndSaysWhy(string? preferred, string? postcode, string routedTo, string reason)
    {
        var response = await PostHubAsync(_service.CreateClient(), Enquiry($"se-route-{Guid.NewGuid():N}", preferred, postcode));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await JsonOf(response);
        Assert.Equal(routedTo, answer.Str("routedTo"));
        Assert.Equal(reason, answer.Str("routeReason"));
    }

    [Fact]
    public async Task Webhook_RoutedEnquiry_AlertsTheReceivingTeam()
    {
        var answer = await JsonOf(await PostHubAsync(_service.CreateClient(), Enquiry("se-alert")));

        var alert = Assert.Single(await _service.Officer().OutboxAsync(answer.Str("journeyId")), m => m.Str("template") == "staff-enquiry-routed");
        Assert.Equal("fostering@portsmouth.example", alert.Str("to"));
        Assert.Equal("StaffAlert", alert.Str("kind"));
        // For whom, as staff know them; never the applicant's contact details.
        Assert.Contains("Alex S.", alert.Str("body"), StringComparison.Ordinal);
        foreach (var detail in new[] { "Smith", "alex@example.org", "07700", "PO4" })
        {
            Assert.DoesNotContain(detail, alert.Str("body"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Webhook_UnknownCouncil_Is422AndStoresNothing()
    {
        var response = await PostHubAsync(_service.CreateClient(), Enquiry("se-narnia", preferred: "narnia"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await JsonOf(response)).GetProperty("errors").TryGetProperty("preferredLocalAuthority", out _));
        Assert.Equal(0, await JourneyCountAsync());
    }

    [Theory]
    [InlineData("""{"hubEnquiryId":"x1","applicant":{"firstName":"A","lastName":"B","email":"a@example.org","postcode":"NOPE"},"consent":{"sms":false,"email":true}}""", "applicant.postcode")]
    [InlineData("""{"applicant":{"firstName":"A","lastName":"B","email":"a@example.org"},"consent":{"sms":false,"email":true}}""", "hubEnquiryId")]
    [InlineData("""{"hubEnquiryId":"x2","applicant":{"firstName":"A","lastName":"B","phone":"123"},"consent":{"sms":true,"email":false}}""", "applicant.phone")]
    [InlineData("""{"hubEnquiryId":"x3","applicant":""", "body")]
    public async Task Webhook_MalformedButSigned_Is400NamingFieldAndStoresNothing(string json, string field)
    {
        var response = await PostHubAsync(_service.CreateClient(), json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonOf(response)).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await JourneyCountAsync());
    }

    [Fact]
    public async Task Webhook_UnknownFields_AreIgnored()
    {
        var body = JsonSerializer.SerializeToNode(Enquiry("se-extra"), Web)!.AsObject();
        body["campaign"] = "autumn";
        body["utm"] = new System.Text.Json.Nodes.JsonObject { ["source"] = "radio" };
        var json = body.ToJsonString();

        var response = await PostHubAsync(_service.CreateClient(), json);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_Oversized_Is413AndStoresNothing()
    {
        var json = JsonSerializer.Serialize(new { hubEnquiryId = "se-big", padding = new string('x', FosteringWorkflows.Hosting.Problems.MaxBodyBytes) }, Web);

        var response = await PostHubAsync(_service.CreateClient(), json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, await JourneyCountAsync());
    }

    [Fact]
    public async Task Webhook_OverTheHubsAllowance_Is429WithRetryAfter()
    {
        using var limited = new TestService(azurite, settings: new Dictionary<string, string?> { ["Hubs:south-east:RequestsPerMinute"] = "2" });

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await PostHubAsync(limited.CreateClient(), Enquiry($"se-limit-{i}"));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last!.Headers.RetryAfter);
    }

    [Fact]
    public async Task Triage_HeldEnquiry_ListedThenRoutedToCouncilKeepingTheClockFromReceipt()
    {
        var hubStaff = _service.As("dev-hub-triage-key");
        var answer = await JsonOf(await PostHubAsync(_service.CreateClient(), Enquiry("se-triage", postcode: null)));
        var id = answer.Str("journeyId");
        var before = await hubStaff.GetJsonAsync($"/api/journeys/{id}");
        Assert.Contains(id, (await hubStaff.GetJsonAsync("/api/triage")).GetProperty("items").EnumerateArray().Select(i => i.Str("journeyId")));
        await hubStaff.AdvanceAsync("PT1H");

        var routed = await hubStaff.PostAsJsonAsync($"/api/journeys/{id}/route", new { localAuthority = "portsmouth" });

        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        var body = await JsonOf(routed);
        Assert.Equal("portsmouth", body.Str("routedTo"));
        Assert.Equal("triage", body.Str("routeReason"));
        Assert.Empty((await hubStaff.GetJsonAsync("/api/triage")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await hubStaff.GetAsync($"/api/journeys/{id}")).StatusCode);
        var journey = await _service.Officer().GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("portsmouth", journey.Str("localAuthority"));
        Assert.Equal(before.Deadline("EnquiryResponse").Time("dueAt"), journey.Deadline("EnquiryResponse").Time("dueAt"));
        Assert.Equal("lee", journey.GetProperty("buddy").Str("id"));
        var alerts = (await _service.Officer().OutboxAsync(id)).Where(m => m.Str("template") == "staff-enquiry-routed").Select(m => m.Str("to"));
        Assert.Equal(["triage@hampshire-iow-fostering.example", "fostering@portsmouth.example"], alerts);
    }

    [Fact]
    public async Task Route_BadTargetOrState_IsRefused()
    {
        var officer = _service.Officer();
        var id = (await JsonOf(await PostHubAsync(_service.CreateClient(), Enquiry("se-refuse", postcode: null)))).Str("journeyId");

        var toTriage = await officer.PostAsJsonAsync($"/api/journeys/{id}/route", new { localAuthority = "hampshire-iow" });
        Assert.Equal(HttpStatusCode.BadRequest, toTriage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/journeys/{id}/route", new { localAuthority = "hampshire" })).StatusCode);
        var same = await officer.PostAsJsonAsync($"/api/journeys/{id}/route", new { localAuthority = "hampshire" });
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        await officer.PostAsJsonAsync($"/api/journeys/{id}/withdraw", new { reasonCode = "AW0" });
        var ended = await officer.PostAsJsonAsync($"/api/journeys/{id}/route", new { localAuthority = "portsmouth" });
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PostAsJsonAsync("/api/journeys/nope/route", new { localAuthority = "portsmouth" })).StatusCode);
        // Refused routings gave back the buddy places they took ahead: Portsmouth's buddies carry nothing.
        var loads = await _service.Services.GetRequiredService<FosteringWorkflows.Councils.BuddyPool>().LoadsAsync("portsmouth", CancellationToken.None);
        Assert.All(loads.Values, load => Assert.Equal(0, load));
    }

    [Fact]
    public async Task Buddies_LeastLoadedFirst_NeverBeyondCapacity_AndFreedWhenAJourneyEnds()
    {
        // Portsmouth: lee (capacity 3) and pat (capacity 2).
        var pairings = new List<string?>();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var id = (await JsonOf(await PostHubAsync(_service.CreateClient(), Enquiry($"se-buddy-{i}", preferred: "portsmouth")))).Str("journeyId");
            ids.Add(id);
            var buddy = (await _service.Officer().GetJsonAsync($"/api/journeys/{id}")).GetProperty("buddy");
            pairings.Add(buddy.ValueKind == JsonValueKind.Null ? null : buddy.Str("id"));
        }

        Assert.Equal(["lee", "pat", "lee", "pat", "lee", null], pairings);

        await _service.Officer().PostAsJsonAsync($"/api/journeys/{ids[0]}/withdraw", new { reasonCode = "AW1" });
        var next = (await JsonOf(await PostHubAsync(_service.CreateClient(), Enquiry("se-buddy-after", preferred: "portsmouth")))).Str("journeyId");

        Assert.Equal("lee", (await _service.Officer().GetJsonAsync($"/api/journeys/{next}")).GetProperty("buddy").Str("id"));
    }

    [Fact]
    public async Task Buddies_PlacesLeftByCrashes_AreGivenBackWhenEveryBuddyLooksFull_NotWhileTheyMayBeInFlight()
    {
        using var service = new TestService(azurite);
        var pool = service.Services.GetRequiredService<FosteringWorkflows.Councils.BuddyPool>();
        var officer = service.Officer();
        // One journey ended and its process died before giving its place back (the place is taken again for it, as the
        // lost release left it); four places were taken for enquiries whose commits never happened.
        var ended = (await JsonOf(await PostHubAsync(service.CreateClient(), Enquiry("se-leftover", preferred: "portsmouth")))).Str("journeyId");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/journeys/{ended}/withdraw", new { reasonCode = "AW1" })).StatusCode);
        Assert.NotNull(await pool.TakeAsync("portsmouth", ended, CancellationToken.None));
        for (var i = 0; i < 4; i++)
        {
            Assert.NotNull(await pool.TakeAsync("portsmouth", $"never-written-{i}", CancellationToken.None));
        }

        Assert.NotNull(await pool.TakeAsync("portsmouth", "never-written-0", CancellationToken.None)); // the same place again
        Assert.Equal(5, (await pool.LoadsAsync("portsmouth", CancellationToken.None)).Values.Sum());

        // Minutes later the leftovers may still be commits on their way: nobody is paired beyond capacity.
        var early = (await JsonOf(await PostHubAsync(service.CreateClient(), Enquiry("se-early", preferred: "portsmouth")))).Str("journeyId");
        Assert.Equal(JsonValueKind.Null, (await officer.GetJsonAsync($"/api/journeys/{early}")).GetProperty("buddy").ValueKind);

        // Past that, they are leftovers: given back, and the next enquirer is paired.
        await officer.AdvanceAsync("PT15M");
        var later = (await JsonOf(await PostHubAsync(service.CreateClient(), Enquiry("se-later", preferred: "portsmouth"), signedAt: TestService.ChristmasEve.AddMinutes(15)))).Str("journeyId");

        Assert.Equal("lee", (await officer.GetJsonAsync($"/api/journeys/{later}")).GetProperty("buddy").Str("id"));
        Assert.Equal(new Dictionary<string, int> { ["lee"] = 1, ["pat"] = 0 }, await pool.LoadsAsync("portsmouth", CancellationToken.None));
    }

    [Fact]
    public void JourneyIdFor_SameEnquiryIdFromTwoHubs_Differs()
    {
        Assert.NotEqual(HubEndpoints.JourneyIdFor("south-east", "1"), HubEndpoints.JourneyIdFor("north-west", "1"));
        Assert.Equal(HubEndpoints.JourneyIdFor("south-east", "1"), HubEndpoints.JourneyIdFor("south-east", "1"));
    }
}
