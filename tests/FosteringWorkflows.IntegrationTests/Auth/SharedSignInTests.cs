using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.IntegrationTests.Reports;
using Microsoft.Playwright;

namespace FosteringWorkflows.IntegrationTests.Auth;

/// <summary>
/// Two replicas on one storage account, each with a disk (a home folder) of its own, as two containers have: a person
/// signed in on one is signed in on the other, whose forms take the tokens its pages gave, and signs out there; signing
/// out, or an Admin ending the person's sessions, ends them everywhere, copied cookies included.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class SharedSignInTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SignedInOnOneReplica_ReadsPagesOnAnother_AndSignsOutThere()
    {
        await using var provider = await OidcProvider.StartAsync();
        var prefix = TestService.NewPrefix();
        using var first = await ReplicaAsync(prefix, provider);
        using var second = await ReplicaAsync(prefix, provider);
        var (one, two) = (Base(first), Base(second));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{one}/dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "Harriet Hall" }).ClickAsync();
        await page.WaitForURLAsync($"{one}/dashboard");

        // The other replica reads the session the first one wrote: its pages and its reports' API, with no new sign-in.
        var there = await page.GotoAsync($"{two}/reports/sla");
        Assert.Equal(200, there!.Status);
        Assert.Equal($"{two}/reports/sla", page.Url);
        Assert.Equal("Service levels", await page.Locator("h1").InnerTextAsync());
        var api = await context.APIRequest.GetAsync($"{two}/api/reports/sla");
        Assert.Equal(200, api.Status);

        // Signing out on the second replica: its form's antiforgery token is good there, and the session ends on both,
        // for a copy of the cookie taken before too (the session is kept server-side, not in the cookie).
        var copied = await context.CookiesAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync($"{two}/signed-out");
        await page.GotoAsync($"{one}/dashboard");
        Assert.StartsWith($"http://127.0.0.1:{provider.Port}/", page.Url, StringComparison.Ordinal);
        var thief = await browser.NewContextAsync();
        await thief.AddCookiesAsync(copied.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        Assert.Equal(401, (await thief.APIRequest.GetAsync($"{one}/api/reports/sla")).Status);
        var stolen = await thief.NewPageAsync();
        await stolen.GotoAsync($"{two}/reports/sla");
        Assert.StartsWith($"http://127.0.0.1:{provider.Port}/", stolen.Url, StringComparison.Ordinal);

        // A replica started afresh (a new revision) reads the same ring: signing in on it and reading the other works too.
        using var third = await ReplicaAsync(prefix, provider);
        await page.GotoAsync($"{Base(third)}/dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "Harriet Hall" }).ClickAsync();
        await page.WaitForURLAsync($"{Base(third)}/dashboard");
        var back = await page.GotoAsync($"{one}/dashboard");
        Assert.Equal(200, back!.Status);
        Assert.Equal("Recruitment dashboard", await page.Locator("h1").InnerTextAsync());

        // An Admin ends the person's sessions on one replica: the session is over on every one.
        using var end = new HttpRequestMessage(HttpMethod.Delete, "/api/sessions?user=herts-manager@loopback.example");
        end.Headers.Add("X-Api-Key", Api.AdminKey);
        var ended = await third.Client.SendAsync(end);
        Assert.Equal(System.Net.HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(await ended.Content.ReadAsStringAsync()).RootElement.GetProperty("ended").GetInt32());
        await page.GotoAsync($"{one}/dashboard");
        Assert.StartsWith($"http://127.0.0.1:{provider.Port}/", page.Url, StringComparison.Ordinal);
    }

    private Task<ServiceProcess> ReplicaAsync(string prefix, OidcProvider provider)
    {
        // Each replica's own disk: where ASP.NET Core would keep its key ring if storage did not.
        var settings = new Dictionary<string, string?>(provider.Settings)
        {
            ["HOME"] = Directory.CreateTempSubdirectory("replica-home").FullName,
        };
        return ServiceProcess.StartAsync(azurite.ConnectionString, prefix, settings);
    }

    private static string Base(ServiceProcess service) => service.Client.BaseAddress!.ToString().TrimEnd('/');
}
