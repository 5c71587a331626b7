using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.IntegrationTests.Reports;
using Microsoft.Playwright;

namespace FosteringWorkflows.IntegrationTests.Journeys;

/// <summary>
/// An officer's day on the journey page, in Debian's chromium, signed in through the loopback provider: recording contact
/// with the keyboard alone, a call attempt, a note, a household member and their DBS, a withdrawal with its reason in
/// words; what the page refuses (another council's journey, a manager's report, a form without its token, a bad date).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class JourneyPageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Officer_RecordsTheSteps_FromThePage_ThroughTheSameEngineAsTheApi()
    {
        await using var provider = await OidcProvider.StartAsync();
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix(), provider.Settings);
        var api = service.Client;
        var enquiry = await api.StartJourneyAsync();
        var atStage1 = await api.StartAtStage1Async();
        var leics = await api.StartJourneyAsync(Infrastructure.Api.Enquiry("leicestershire"));
        var baseUrl = service.Client.BaseAddress!.ToString().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        // Signing in returns to the page asked for: the work list, where the new enquiry waits with its clock's time left.
        await page.GotoAsync($"{baseUrl}/work");
        await page.GetByRole(AriaRole.Link, new() { Name = "Olu Okafor" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/work");
        var newEnquiries = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "New enquiries" }) });
        var line = await newEnquiries.Locator("tbody tr").InnerTextAsync();
        Assert.Contains("Sam Jones", line, StringComparison.Ordinal);
        Assert.Contains("working hours left", line, StringComparison.Ordinal); // 24 December 15:30: due 29 December 09:30
        Assert.DoesNotContain("Leicestershire", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.ScreenshotAsync(page, "work");

        // A search by phone goes through the people index: both of Sam Jones's Hertfordshire journeys, not Leicestershire's.
        await page.GetByLabel("Name, email, phone or reference").FillAsync("+44 7911 123456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var results = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "matching" }) });
        Assert.Equal(2, await results.Locator("tbody tr").CountAsync());
        Assert.DoesNotContain("Leicestershire", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);

        // By name, through the name rows' keys and then each journey's own row: the same two, any case, a word begun.
        await page.GetByLabel("Name, email, phone or reference").FillAsync("JONES sa");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        Assert.Equal(2, await results.Locator("tbody tr").CountAsync());
        Assert.Equal(2, await results.Locator("tbody tr", new() { HasText = "Sam Jones" }).CountAsync());
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.ScreenshotAsync(page, "work-search-by-name");
        await page.GotoAsync($"{baseUrl}/work");
        await newEnquiries.GetByRole(AriaRole.Link, new() { Name = "Sam Jones" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/journeys/{enquiry}");
        Assert.Equal("Sam Jones", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Running", await ClockRowAsync(page, "First contact"), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);

        // Contact, with the keyboard alone: the first-contact clock is met.
        await PageChecks.TabToAsync(page, "Record contact");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"{baseUrl}/journeys/{enquiry}/steps/ContactMade");
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.TabToAsync(page, "Record contact");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"{baseUrl}/journeys/{enquiry}?done=ContactMade");
        Assert.Contains("Contact made: recorded.", await page.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Met", await ClockRowAsync(page, "First contact"), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);

        // A call attempt, and a note: sent without an answer first, the error summary links to the field.
        await page.GetByRole(AriaRole.Link, new() { Name = "Record a call attempt" }).ClickAsync();
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Record call attempt" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.Equal("#outcome", await page.Locator(".govuk-error-summary a").GetAttributeAsync("href"));
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);
        await page.GetByLabel("No answer").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record call attempt" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/journeys/{enquiry}?done=ContactAttempted");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a note" }).ClickAsync();
        await page.GetByLabel("Note").FillAsync("Prefers calls after 6pm.\nHas two dogs.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/journeys/{enquiry}?done=NoteAdded");
        var notes = await page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Notes" }) }).InnerTextAsync();
        Assert.Contains("Prefers calls after 6pm.", notes, StringComparison.Ordinal);
        await PageChecks.ScreenshotAsync(page, "journey");
        Assert.Contains("Olu Okafor", notes, StringComparison.Ordinal);

        // The same engine as the API: the history says who did it, by name.
        var journey = await api.GetJsonAsync($"/api/journeys/{enquiry}");
        var history = journey.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal("Screening", journey.Str("stage"));
        Assert.Single(history, h => h.Str("type") == "ContactMade" && h.Str("actor") == "Olu Okafor");
        Assert.Single(history, h => h.Str("type") == "ContactAttempted" && h.GetProperty("data").Str("outcome") == "NoAnswer");
        Assert.Single(history, h => h.Str("type") == "NoteAdded");

        // A form without its antiforgery token records nothing.
        var forged = await context.APIRequest.PostAsync($"{baseUrl}/journeys/{enquiry}/steps/NoteAdded",
            new() { Form = context.APIRequest.CreateFormData().Set("text", "forged") });
        Assert.Equal(400, forged.Status);
        Assert.Equal(history.Count, (await api.GetJsonAsync($"/api/journeys/{enquiry}")).GetProperty("history").GetArrayLength());

        // Stage 1: a household member and her DBS, recorded for her.
        await page.GotoAsync($"{baseUrl}/journeys/{atStage1}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add household member" }).ClickAsync();
        await page.GetByLabel("First name").FillAsync("Maya");
        await page.GetByLabel("Relationship to the applicant").SelectOptionAsync("Child");
        await page.GetByLabel("Day").FillAsync("14");
        await page.GetByLabel("Month").FillAsync("3");
        await page.GetByLabel("Year").FillAsync("2005");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add household member" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/journeys/{atStage1}?done=HouseholdMemberAdded");
        await page.GetByRole(AriaRole.Link, new() { Name = "Record check" }).ClickAsync();
        await page.GetByLabel("Whose check is it?").SelectOptionAsync(new SelectOptionValue { Label = "Maya (child)" });
        await page.GetByLabel("Which check?").SelectOptionAsync(new SelectOptionValue { Label = "DBS check" });
        await PageChecks.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record check" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/journeys/{atStage1}?done=CheckCompleted");
        var checks = await page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Stage 1 checks" }) })
            .Locator("tr", new() { HasText = "Maya" }).Filter(new() { HasText = "DBS check" }).InnerTextAsync();
        Assert.Contains("Completed", checks, StringComparison.Ordinal);
        var maya = (await api.GetJsonAsync($"/api/journeys/{atStage1}")).GetProperty("checks").EnumerateArray()
            .Single(c => c.Str("personId") == "m1" && c.Str("check") == "DBS");
        Assert.Equal("Completed", maya.Str("state"));

        // Withdrawal, its reason in Ofsted's words: the journey closes with its closing message.
        await page.GetByRole(AriaRole.Link, new() { Name = "Withdraw" }).ClickAsync();
        await page.GetByLabel("The assessment process was not as the applicant expected").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw applicant" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/journeys/{atStage1}?done=withdraw");
        Assert.Contains("Withdrawn", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("The assessment process was not as the applicant expected", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var withdrawn = await api.GetJsonAsync($"/api/journeys/{atStage1}");
        Assert.Equal("Withdrawn", withdrawn.Str("status"));
        Assert.Equal("AW2", withdrawn.Str("withdrawalReason"));
        Assert.Contains(withdrawn.GetProperty("messages").EnumerateArray(), m => m.Str("template") == "withdrawal-closing");
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Withdraw" }).CountAsync());
        await PageChecks.AssertAccessibleAsync(page);

        // A booked time that is not a real date is refused on the page, naming the field.
        await page.GotoAsync($"{baseUrl}/journeys/{enquiry}/steps/ScreeningCompleted");
        await page.GetByLabel("Book an initial visit").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record screening call" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/journeys/{enquiry}?done=ScreeningCompleted");
        await page.GetByRole(AriaRole.Link, new() { Name = "Book initial visit" }).ClickAsync();
        await page.GetByLabel("Day").FillAsync("31");
        await page.GetByLabel("Month").FillAsync("2");
        await page.GetByLabel("Year").FillAsync("2027");
        await page.GetByLabel("Time").FillAsync("10:00");
        var badDate = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Save initial visit" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, badDate.Status);
        Assert.Equal("#visitAt-day", await page.Locator(".govuk-error-summary a").GetAttributeAsync("href"));
        Assert.Equal("31", await page.GetByLabel("Day").InputValueAsync());
        await PageChecks.ScreenshotAsync(page, "step-error");
        await PageChecks.AssertAccessibleAsync(page);

        // Another council's journey is not found; a manager's report is refused.
        Assert.Equal(404, (await page.GotoAsync($"{baseUrl}/journeys/{leics}"))!.Status);
        Assert.Equal(404, (await page.GotoAsync($"{baseUrl}/journeys/{leics}/steps/ContactMade"))!.Status);
        Assert.Equal(403, (await page.GotoAsync($"{baseUrl}/reports/sla"))!.Status);

        // Back on the work list: the withdrawn journey has left it, the contacted one is no longer a new enquiry.
        await page.GotoAsync($"{baseUrl}/work");
        Assert.Equal("No new enquiries.", await page.Locator("h2:has-text('New enquiries') + p").InnerTextAsync());

        // The subject access export as a page (an Admin's key, asking for HTML) passes the same checks.
        var admin = await browser.NewContextAsync(new() { ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Api-Key"] = "dev-admin-key", ["Accept"] = "text/html" } });
        var export = await admin.NewPageAsync();
        Assert.Equal(200, (await export.GotoAsync($"{baseUrl}/api/people/export?email=sam%40example.org"))!.Status);
        Assert.Equal("Your information held by the fostering service", await export.Locator("h1").InnerTextAsync());
        Assert.Contains("Prefers calls after 6pm.", await export.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(export);
        Assert.Single((await api.GetJsonAsync($"/api/journeys/{leics}")).GetProperty("history").EnumerateArray());
    }

    private static async Task<string> ClockRowAsync(IPage page, string clock) =>
        await page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Clocks" }) })
            .Locator("tr", new() { Has = page.Locator("th", new() { HasText = clock }) }).InnerTextAsync();
}
