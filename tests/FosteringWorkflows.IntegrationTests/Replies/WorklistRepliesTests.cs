using System.Net.Http.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.IntegrationTests.Reports;
using Microsoft.Playwright;

namespace FosteringWorkflows.IntegrationTests.Replies;

/// <summary>
/// The team's side, in Debian's chromium through the loopback sign-in: an enquiry sent through <c>/enquire</c> is on the work
/// list; an applicant who replied is under "Applicants waiting for you"; a text from a number no one holds is under "Texts we
/// could not match" until marked dealt with. The page passes axe-core and fits 320 px.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class WorklistRepliesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Officer_SeesTheFormsEnquiry_WhoIsWaiting_AndTheUnmatchedText_ThenDealsWithIt()
    {
        await using var provider = await OidcProvider.StartAsync();
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix(), provider.Settings);
        var baseUrl = service.Client.BaseAddress!.ToString().TrimEnd('/');
        var replied = await service.Client.StartJourneyAsync();
        await NotifyAsync(service, "in-1", "447911123456", "Please ring me after six");
        await NotifyAsync(service, "in-2", "447700900321", "Is this the fostering team? Ali");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        // Someone enquires through the public form.
        await page.GotoAsync($"{baseUrl}/enquire?council=hertfordshire");
        await page.GetByLabel("First name").FillAsync("Robin");
        await page.GetByLabel("Last name").FillAsync("Formfield");
        await page.GetByLabel("Email address").FillAsync("robin@example.org");
        await page.GetByLabel("Yes, you may send me emails").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send enquiry" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/enquire/received", StringComparison.Ordinal));

        // The officer signs in: the enquiry, the applicant waiting, and the text no one could match.
        await page.GotoAsync($"{baseUrl}/work");
        await page.GetByRole(AriaRole.Link, new() { Name = "Olu Okafor" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/work");
        var newEnquiries = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "New enquiries" }) });
        Assert.Contains("Robin Formfield", await newEnquiries.InnerTextAsync(), StringComparison.Ordinal);
        var waiting = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Applicants waiting for you" }) });
        var line = await waiting.Locator("tbody tr").InnerTextAsync();
        Assert.Contains("Sam Jones", line, StringComparison.Ordinal);
        Assert.Contains("Replied by text", line, StringComparison.Ordinal);
        var texts = page.Locator("h2:has-text('Texts we could not match') + p + ul");
        Assert.Contains("Is this the fostering team? Ali", await texts.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("+447700900321", await texts.InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.ScreenshotAsync(page, "work-replies");

        // The reply is on the journey; the text is dealt with and leaves the list.
        await waiting.GetByRole(AriaRole.Link, new() { Name = "Sam Jones" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/journeys/{replied}");
        Assert.Contains("Please ring me after six", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync($"{baseUrl}/work");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark as dealt with" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/work");
        Assert.Equal(0, await page.Locator("h2:has-text('Texts we could not match')").CountAsync());
        await PageChecks.AssertAccessibleAsync(page);
    }

    private static async Task NotifyAsync(ServiceProcess service, string id, string from, string content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notify/inbound")
        {
            Content = JsonContent.Create(new { id, source_number = from, destination_number = "07700900000", content, date_received = "2026-12-24T15:35:00Z" }),
        };
        request.Headers.Authorization = new("Bearer", "dev-notify-callback-token");
        var answer = await service.Client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, answer.StatusCode);
    }
}
