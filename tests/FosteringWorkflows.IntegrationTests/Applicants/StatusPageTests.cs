using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.IntegrationTests.Reports;
using Microsoft.Playwright;

namespace FosteringWorkflows.IntegrationTests.Applicants;

/// <summary>
/// The applicant's own page in Debian's chromium, opened by the link in their acknowledgement (read from the dev outbox): where
/// they stand and what happens next, from the journey's clock; texts stopped there, and the next message goes by email;
/// withdrawn there, and the journey is withdrawn with the closing message; a made-up token is 404, and so is a link
/// replaced by a new one. Every page passes axe-core and fits 320 px.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed partial class StatusPageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Applicant_OpensTheirLink_SeesTheNextStep_StopsTexts_ThenWithdraws()
    {
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix());
        var id = await service.Client.StartJourneyAsync();
        var ack = Assert.Single(await service.Client.OutboxAsync(id));
        Assert.Equal("sms", ack.Str("channel"));
        var link = LinkIn(ack.Str("body"));
        Assert.StartsWith(service.Client.BaseAddress!.ToString().TrimEnd('/') + "/status/", link, StringComparison.Ordinal);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        var opened = await page.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        Assert.Equal("Your fostering application", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("We will contact you by 9:30am on Tuesday 29 December 2026.", await page.Locator("#next").InnerTextAsync());
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("0300 123 4043", main, StringComparison.Ordinal); // the team's number
        Assert.Contains("thank you for your fostering enquiry", main, StringComparison.Ordinal); // the acknowledgement, in its words
        Assert.DoesNotContain("/status/", main, StringComparison.Ordinal); // the token is not repeated on the page
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.ScreenshotAsync(page, "status-page");

        // The page is the applicant's record: its views are in their export; the audit names the view, never the token.
        var export = JsonDocument.Parse(await (await service.Client.AsAdminAsync(HttpMethod.Get, "/api/people/export?email=sam@example.org")).Content.ReadAsStringAsync()).RootElement;
        Assert.Single(export.GetProperty("journeys")[0].GetProperty("statusPageViews").EnumerateArray());
        var audit = await (await service.Client.AsAdminAsync(HttpMethod.Get, $"/api/audit?journeyId={id}")).Content.ReadAsStringAsync();
        Assert.Contains(Entries(JsonDocument.Parse(audit).RootElement), e => e.Str("route") == "/status/{token}" && e.Str("actor") == "applicant" && e.Str("method") == "GET");
        Assert.DoesNotContain(link[(link.LastIndexOf('/') + 1)..], audit, StringComparison.Ordinal);

        // Texts stopped: consent withdrawn at once, confirmed by email, and the next message goes by email.
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop texts" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("done=stop-texts", StringComparison.Ordinal));
        Assert.Contains("We will not send you texts any more.", await page.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);
        var journey = await service.Client.GetJsonAsync($"/api/journeys/{id}");
        Assert.False(journey.GetProperty("consent").GetProperty("sms").GetBoolean());
        Assert.Contains(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "ConsentWithdrawn" && h.Str("actor") == "applicant");
        await service.Client.PostEventAsync(id, "ContactMade");
        await service.Client.PostEventAsync(id, "ScreeningCompleted", new { nextStep = "InitialVisit" });
        await service.Client.PostEventAsync(id, "InitialVisitBooked", new { visitAt = "2027-01-05T10:00:00+00:00" });
        var outbox = await service.Client.OutboxAsync(id);
        var booked = Assert.Single(outbox, m => m.Str("template") == "initial-visit-booked");
        Assert.Equal("email", booked.Str("channel"));
        Assert.Equal(LinkIn(booked.Str("body")), link); // the same link in every message
        Assert.Contains(outbox, m => m.Str("template") == "consent-stopped" && m.Str("channel") == "email");
        Assert.Single(outbox, m => m.Str("channel") == "sms"); // the acknowledgement, before the stop: nothing since

        // The page now shows the booked visit; withdrawing closes the journey with the closing message.
        await page.GotoAsync(link);
        Assert.Contains("Tuesday 5 January 2027", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Things have changed in my household").CheckAsync();
        await page.GetByLabel("Anything you would like to tell us (optional)").FillAsync("We are moving house.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw from fostering" }).ClickAsync();
        await PageTests.WaitForUrlOrSayWhyAsync(page, "done=withdraw");
        Assert.Contains("You have withdrawn", await page.Locator("#standing").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);
        journey = await service.Client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("Withdrawn", journey.Str("status"));
        Assert.Equal("AW3", journey.Str("withdrawalReason"));
        var withdrawn = journey.GetProperty("history").EnumerateArray().Single(h => h.Str("type") == "Withdrawn");
        Assert.Equal("applicant", withdrawn.Str("actor"));
        outbox = await service.Client.OutboxAsync(id);
        Assert.Contains(outbox, m => m.Str("template") == "withdrawal-closing" && m.Str("channel") == "email");
        Assert.Contains(outbox, m => m.Str("template") == "staff-applicant-withdrew");

        // A made-up token, and one of the right shape: 404, as a page.
        Assert.Equal(404, (await page.GotoAsync(service.Client.BaseAddress + "status/not-a-token"))!.Status);
        Assert.Equal(404, (await page.GotoAsync(service.Client.BaseAddress + "status/AAAAAAAAAAAAAAAAAAAAAA"))!.Status);
        await PageChecks.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task NewLink_EndsTheOldOne_AndADoubleSubmitRecordsOnce()
    {
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix());
        var id = await service.Client.StartJourneyAsync(Api.Enquiry(preferredChannel: "email"));
        var link = LinkIn(Assert.Single(await service.Client.OutboxAsync(id)).Str("body"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);

        // The call form sent twice (a double click): one request, one alert.
        var fields = await page.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries(new FormData(document.querySelector('form[action$=\"/call\"]')))");
        var form = context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        form.Set("callFrom", "18:00");
        var action = link + "/call";
        var first = await context.APIRequest.PostAsync(action, new() { Form = form, MaxRedirects = 0 });
        var second = await context.APIRequest.PostAsync(action, new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(303, first.Status);
        Assert.Equal(303, second.Status);
        var journey = await service.Client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Single(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "CallRequested");
        Assert.Contains("CallRequested", journey.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Single(await service.Client.OutboxAsync(id), m => m.Str("template") == "staff-call-requested" && m.Str("to") == "fostering.recruitment@hertfordshire.example");

        // Another form from the same page (the same form key): its own step, recorded.
        var stopEmails = await context.APIRequest.PostAsync(link + "/stop-emails", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(303, stopEmails.Status);
        Assert.False((await service.Client.GetJsonAsync($"/api/journeys/{id}")).GetProperty("consent").GetProperty("email").GetBoolean());

        // Without the page's token: refused, nothing recorded.
        var tokenless = context.APIRequest.CreateFormData();
        tokenless.Set("formKey", new string('c', 32));
        Assert.Equal(400, (await context.APIRequest.PostAsync(link + "/new-link", new() { Form = tokenless, MaxRedirects = 0 })).Status);

        // A new link, the form sent twice (a double click): one new link; the second finds it done. The old link stops
        // opening the page; the new one opens it.
        await page.GotoAsync(link);
        var linkForm = await page.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries(new FormData(document.querySelector('form[action$=\"/new-link\"]')))");
        var resend = context.APIRequest.CreateFormData();
        foreach (var (name, value) in linkForm)
        {
            resend.Set(name, value);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a new link" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/status/new-link-sent", StringComparison.Ordinal));
        await PageChecks.AssertAccessibleAsync(page);
        var twice = await context.APIRequest.PostAsync(link + "/new-link", new() { Form = resend, MaxRedirects = 0 });
        Assert.Equal(303, twice.Status);
        Assert.EndsWith("/status/new-link-sent", twice.Headers["location"], StringComparison.Ordinal);
        Assert.Equal(404, (await page.GotoAsync(link))!.Status);
        var fresh = LinkIn(Assert.Single(await service.Client.OutboxAsync(id), m => m.Str("template") == "status-link").Str("body")); // one, not two
        Assert.NotEqual(link, fresh);
        Assert.Equal(200, (await page.GotoAsync(fresh))!.Status);
        Assert.Contains("You asked us to call you.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Staff record a step: the request is taken as dealt with.
        await service.Client.PostEventAsync(id, "ContactMade");
        journey = await service.Client.GetJsonAsync($"/api/journeys/{id}");
        Assert.DoesNotContain("CallRequested", journey.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    /// <summary>Every object in the audit's answer that has a route: its entries, wherever the answer nests them.</summary>
    private static IEnumerable<JsonElement> Entries(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("route", out _) => [element],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Entries(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Entries),
        _ => [],
    };

    private static string LinkIn(string body) => Link().Match(body) is { Success: true } m ? m.Value : throw new Xunit.Sdk.XunitException($"No status link in: {body}");

    [GeneratedRegex(@"http://[^\s]+/status/[A-Za-z0-9_-]{22}")]
    private static partial Regex Link();
}
