using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.IntegrationTests.Reports;
using Microsoft.Playwright;

namespace FosteringWorkflows.IntegrationTests.Journeys;

/// <summary>
/// Correcting an applicant's contact details from the journey page, as an Admin (the API's role for it): the intake's own
/// validation, errors linked to their fields, history naming only what changed; an officer is refused.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class RectifyPageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Admin_CorrectsTheEmail_FromThePage_OfficerIsRefused()
    {
        await using var provider = await OidcProvider.StartAsync();
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix(), provider.Settings);
        var id = await service.Client.StartJourneyAsync();
        var baseUrl = service.Client.BaseAddress!.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);

        var officer = await SignInAsync(browser, $"{baseUrl}/journeys/{id}", "Olu Okafor");
        Assert.Equal(0, await officer.GetByRole(AriaRole.Link, new() { Name = "Correct contact details" }).CountAsync());
        Assert.Equal(403, (await officer.GotoAsync($"{baseUrl}/journeys/{id}/steps/rectify"))!.Status);

        var admin = await SignInAsync(browser, $"{baseUrl}/journeys/{id}", "Ada Adams");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Correct contact details" }).ClickAsync();
        Assert.Equal("sam@example.org", await admin.GetByLabel("Email address").InputValueAsync());
        await PageChecks.AssertAccessibleAsync(admin);

        await admin.GetByLabel("Email address").FillAsync("not an email");
        var refused = await admin.RunAndWaitForResponseAsync(() => admin.GetByRole(AriaRole.Button, new() { Name = "Save contact details" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.Equal("#email", await admin.Locator(".govuk-error-summary a").GetAttributeAsync("href"));
        await PageChecks.AssertAccessibleAsync(admin);

        await admin.GetByLabel("Email address").FillAsync("sam.new@example.org");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save contact details" }).ClickAsync();
        await admin.WaitForURLAsync($"{baseUrl}/journeys/{id}?done=rectify");
        Assert.Contains("Contact details corrected: recorded.", await admin.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);

        var journey = await service.Client.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("sam.new@example.org", journey.GetProperty("applicant").Str("email"));
        var corrected = Assert.Single(journey.GetProperty("history").EnumerateArray(), h => h.Str("type") == "ApplicantCorrected");
        Assert.Equal(["email"], corrected.GetProperty("data").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("Ada Adams", corrected.Str("actor"));
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, string url, string who)
    {
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.GetByRole(AriaRole.Link, new() { Name = who }).ClickAsync();
        await page.WaitForURLAsync(url);
        return page;
    }
}
