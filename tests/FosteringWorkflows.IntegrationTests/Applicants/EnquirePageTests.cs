using System.Net;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.IntegrationTests.Reports;
using Microsoft.Playwright;

namespace FosteringWorkflows.IntegrationTests.Applicants;

/// <summary>
/// The public enquiry form in Debian's chromium, no sign-in: a council's button leads to it; a mistake is shown in the
/// error summary, linked to its field; a sent enquiry is a journey on the team's list with its acknowledgement, and the
/// same form sent twice is one; "I'm not sure" routes by postcode; a post without the page's token, or with the honeypot
/// filled in, records nothing. Every page passes axe-core and fits 320 px.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class EnquirePageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Enquirer_SendsTheForm_TheTeamHasTheJourney_OnceEvenIfSentTwice()
    {
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix());
        var baseUrl = service.Client.BaseAddress!.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{baseUrl}/enquire?council=hertfordshire");
        Assert.True(await page.GetByLabel("Hertfordshire County Council").IsCheckedAsync());
        await PageChecks.AssertAccessibleAsync(page);

        // Sent without a name: the error summary says so and links to the field; what was typed stays.
        await page.GetByLabel("Email address").FillAsync("jo.bloggs@example.org");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Send enquiry" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Equal("#firstName", await page.Locator(".govuk-error-summary a").First.GetAttributeAsync("href"));
        Assert.Equal("jo.bloggs@example.org", await page.GetByLabel("Email address").InputValueAsync());
        await PageChecks.AssertAccessibleAsync(page);

        await page.GetByLabel("First name").FillAsync("Jo");
        await page.GetByLabel("Last name").FillAsync("Bloggs");
        await page.GetByLabel("Phone number").FillAsync("07700 900123");
        await page.GetByLabel("Postcode").FillAsync("SG1 2FQ");
        await page.GetByLabel("By email").CheckAsync();
        await page.GetByLabel("Yes, you may send me emails").CheckAsync();
        var form = await FieldsAsync(page);
        await SendAsync(page);
        Assert.Equal("Enquiry sent", await page.Locator("h1").InnerTextAsync());
        var reference = await page.Locator(".govuk-panel__body strong").InnerTextAsync();
        Assert.Contains("Hertfordshire County Council", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.ScreenshotAsync(page, "enquiry-received");

        // The team has it: a web enquiry with its clock, and the acknowledgement went by email.
        var journey = await service.Client.GetJsonAsync($"/api/journeys/{reference}");
        Assert.Equal("hertfordshire", journey.Str("localAuthority"));
        Assert.Equal("Enquiry", journey.Str("stage"));
        Assert.Equal("Bloggs", journey.GetProperty("applicant").Str("lastName"));
        Assert.Contains(await service.Client.OutboxAsync(reference), m => m.Str("channel") == "email");

        // The same form sent again (a second click, a retry): the same enquiry, not a second.
        var again = await context.APIRequest.PostAsync($"{baseUrl}/enquire", new() { Form = ToForm(context, form) });
        Assert.Contains($"reference={reference}", again.Url, StringComparison.Ordinal);
        var named = (await service.Client.GetJsonAsync("/api/journeys?localAuthority=hertfordshire")).GetProperty("items").EnumerateArray()
            .Count(i => i.Str("lastName") == "Bloggs");
        Assert.Equal(1, named);
    }

    [Fact]
    public async Task NotSure_RoutedByPostcode_AndNoTokenOrAFilledHoneypot_RecordsNothing()
    {
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix());
        var baseUrl = service.Client.BaseAddress!.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{baseUrl}/enquire");
        await page.GetByLabel("I'm not sure").CheckAsync();
        await page.GetByLabel("First name").FillAsync("Pat");
        await page.GetByLabel("Last name").FillAsync("Portsea");
        await page.GetByLabel("Email address").FillAsync("pat@example.org");
        await page.GetByLabel("Postcode").FillAsync("PO1 2AB");
        var form = await FieldsAsync(page);
        await SendAsync(page);
        var reference = await page.Locator(".govuk-panel__body strong").InnerTextAsync();
        Assert.Equal("portsmouth", (await service.Client.GetJsonAsync($"/api/journeys/{reference}")).Str("localAuthority"));

        // Without the page's token: refused, nothing recorded.
        var tokenless = new Dictionary<string, string>(form.Where(f => !f.Key.StartsWith("__RequestVerificationToken", StringComparison.Ordinal))) { ["lastName"] = "Tokenless", ["submission"] = new string('a', 32) };
        var noToken = await context.APIRequest.PostAsync($"{baseUrl}/enquire", new() { Form = ToForm(context, tokenless) });
        Assert.Equal(400, noToken.Status);

        // The field people cannot see, filled in: answered as a person would be, recorded nowhere.
        var robot = new Dictionary<string, string>(form) { ["website"] = "http://spam.example", ["lastName"] = "Robot", ["submission"] = new string('b', 32) };
        var robotAnswer = await context.APIRequest.PostAsync($"{baseUrl}/enquire", new() { Form = ToForm(context, robot) });
        Assert.Contains("/enquire/received?reference=", robotAnswer.Url, StringComparison.Ordinal);
        var fake = robotAnswer.Url.Split("reference=")[1][..32];
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync($"/api/journeys/{fake}")).StatusCode);

        var lastNames = (await service.Client.GetJsonAsync("/api/journeys")).GetProperty("items").EnumerateArray().Select(i => i.Str("lastName")).ToList();
        Assert.DoesNotContain("Tokenless", lastNames);
        Assert.DoesNotContain("Robot", lastNames);
    }

    /// <summary>Sends the form and follows it to the confirmation; anything else fails with the page the service answered.</summary>
    private static async Task SendAsync(IPage page)
    {
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Send enquiry" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/enquire", StringComparison.Ordinal));
        Assert.True(answer.Status == 303, $"POST /enquire answered {answer.Status}: {await page.Locator("main").InnerTextAsync()}");
        await page.WaitForURLAsync(url => url.Contains("/enquire/received", StringComparison.Ordinal));
    }

    /// <summary>Every field of the form as the browser would send it now (hidden ones included).</summary>
    private static async Task<Dictionary<string, string>> FieldsAsync(IPage page) =>
        await page.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries(new FormData(document.querySelector('form[action=\"/enquire\"]')))");

    private static IFormData ToForm(IBrowserContext context, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var form = context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
