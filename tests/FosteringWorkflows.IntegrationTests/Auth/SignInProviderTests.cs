using System.Net;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.IntegrationTests.Reports;
using Microsoft.Playwright;

namespace FosteringWorkflows.IntegrationTests.Auth;

/// <summary>
/// The identity provider away when a replica starts, back later, and then rotating its signing key: people are told sign-in
/// is unavailable (a page, 503 with Retry-After, never the framework's error), sign in once it is back without anyone
/// restarting the replica, and sign in at the first attempt after the key changes.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class SignInProviderTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ProviderAwayAtStart_PagesSayUnavailable_ThenSignInWorks_AndFirstSignInAfterKeyRotationWorks()
    {
        var port = AzuriteProcess.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = $"http://127.0.0.1:{port}/",
            ["HOME"] = Directory.CreateTempSubdirectory("replica-home").FullName,
        };
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix(), settings);
        var baseUrl = service.Client.BaseAddress!.ToString().TrimEnd('/');
        using var browserless = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = service.Client.BaseAddress };

        foreach (var path in new[] { "/dashboard", "/sign-in", "/reports/sla", "/journeys/0123456789abcdef0123456789abcdef" })
        {
            using var away = await browserless.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, away.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), away.Headers.RetryAfter?.Delta);
            Assert.Equal("text/html", away.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<h1 class=\"govuk-heading-l\">Sign-in is unavailable</h1>", await away.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The API is not sent to the provider at all: a call without a key is 401 as ever.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browserless.GetAsync("/api/reports/sla")).StatusCode);

        // The browser is ready before the provider comes back, so what follows happens within seconds of the replica
        // reading the provider's metadata again (the least time between two reads of it is 5 s).
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);

        // The provider comes back: the replica finds it by itself (the metadata is read again in the background).
        var first = await OidcProvider.StartAsync(port);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(500);
            using var retried = await browserless.GetAsync("/dashboard");
            status = retried.StatusCode;
        }
        while (status != HttpStatusCode.Redirect && waited.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Redirect, status);
        await SignInAsync(browser, baseUrl);

        // The provider restarts with a new signing key, which the replica has never seen: the first sign-in works, though
        // the metadata was read only moments ago.
        await first.DisposeAsync();
        await using var rotated = await OidcProvider.StartAsync(port);
        await SignInAsync(browser, baseUrl);
    }

    [Fact]
    public async Task NoSecret_TheCodeIsRedeemedWithTheFederatedAssertion_AndAnotherAssertionIsRefused()
    {
        var assertion = $"assertion-{Guid.NewGuid():N}";
        var file = Path.Combine(Directory.CreateTempSubdirectory("workload-identity").FullName, "token");
        await File.WriteAllTextAsync(file, assertion);
        await using var provider = await OidcProvider.StartAsync(clientAssertion: assertion);
        var settings = new Dictionary<string, string?>(provider.Settings)
        {
            ["AzureAd:ClientSecret"] = "",
            ["AzureAd:ClientCredentials:0:SourceType"] = "SignedAssertionFilePath",
            ["AzureAd:ClientCredentials:0:SignedAssertionFileDiskPath"] = file,
        };
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix(), settings);
        var baseUrl = service.Client.BaseAddress!.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);
        await SignInAsync(browser, baseUrl);

        // The platform's token changes to one the provider does not trust: sign-in fails (and says so), it is not let through.
        await File.WriteAllTextAsync(file, "an-assertion-nobody-trusts");
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "Harriet Hall" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/signed-out", StringComparison.Ordinal));
        Assert.Contains("failed=1", page.Url, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    private static async Task SignInAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "Harriet Hall" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await page.WaitForURLAsync(url => !url.Contains("/authorize", StringComparison.Ordinal));
        Assert.Equal($"{baseUrl}/dashboard", page.Url);
        Assert.Equal("Recruitment dashboard", await page.Locator("h1").InnerTextAsync());
        await context.CloseAsync();
    }
}
