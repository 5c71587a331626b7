using FosteringWorkflows.TestShared;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace FosteringWorkflows.IntegrationTests.Reports;

/// <summary>
/// The managers' pages in real headless Chromium (Debian's chromium, driven by Playwright), signing in through the loopback
/// OpenID Connect provider exactly as a person would: the service runs as its own process on a real port.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class PageTests(AzuriteFixture azurite)
{
    /// <summary>Where screenshots go: the test results folder, kept as the run's artifacts.</summary>
    private static readonly string Artifacts = Path.Combine(AzuriteProcess.RepoRoot, "tests", "TestResults", "screenshots");

    private static readonly string[] BrowserArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    [Fact]
    public async Task Manager_SignsInThroughTheProvider_ReadsTheDashboardsFigures_AndFollowsABreachToItsJourney()
    {
        await using var provider = await OidcProvider.StartAsync();
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, TestService.NewPrefix(), provider.Settings);
        var (herts, leics) = await SeedAsync(service.Client);
        var baseUrl = service.Client.BaseAddress!.ToString().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);

        // Signed out: sent to sign in at the provider.
        var manager = await browser.NewContextAsync();
        manager.SetDefaultTimeout(60_000); // a loaded 2-core CI machine, with the service and the provider on it too
        var page = await manager.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/dashboard");
        Assert.StartsWith($"http://127.0.0.1:{provider.Port}/loopback/oauth2/v2.0/authorize", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Harriet Hall" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/dashboard");
        Assert.Equal("Recruitment dashboard", await page.Locator("h1").InnerTextAsync());
        var served = await page.ReloadAsync();
        Assert.Contains("script-src 'none'", served!.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("DENY", served.Headers["x-frame-options"]);
        Assert.Contains("no-store", served.Headers["cache-control"], StringComparison.Ordinal);

        // The session cookie: HttpOnly, SameSite=Lax (Secure is off only on this loopback address, over plain HTTP).
        var session = (await manager.CookiesAsync()).Single(c => c.Name == "fw-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);

        // The funnel's table: three Hertfordshire enquiries, two contacted.
        var funnel = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "How many reached each step" }) });
        Assert.Equal("3", await funnel.Locator("tr", new() { Has = page.Locator("th", new() { HasTextString = "Enquiry" }) }).Locator("td").First.InnerTextAsync());
        Assert.Equal("2", await funnel.Locator("tr", new() { Has = page.Locator("th", new() { HasTextString = "Contact made" }) }).Locator("td").First.InnerTextAsync());
        // Service levels: one enquiry never contacted, breached and still open.
        var sla = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Clocks that started in the period" }) });
        var enquiryRow = sla.Locator("tr", new() { Has = page.Locator("th", new() { HasTextString = "Enquiry response" }) });
        Assert.Equal(["3", "2", "1 breached", "1", "1 overdue"], (await enquiryRow.Locator("td").AllInnerTextsAsync()).Take(5));
        Directory.CreateDirectory(Artifacts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "dashboard.png"), FullPage = true });
        await AssertAccessibleAsync(page);

        // A breach links to its journey.
        var breaches = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "most recent breaches" }) });
        var link = breaches.GetByRole(AriaRole.Link).First;
        Assert.Equal($"/journeys/{herts.Breached}", await link.GetAttributeAsync("href"));
        await Task.WhenAll(page.WaitForURLAsync($"{baseUrl}/journeys/{herts.Breached}", new() { Timeout = 60_000 }), link.ClickAsync());
        Assert.Equal("Sam Jones", await page.Locator("h1").InnerTextAsync());
        await AssertAccessibleAsync(page);

        // Every report page, accessible, with its CSV a link away.
        foreach (var path in new[] { "/reports/sla", "/reports/funnel", "/reports/time-in-stage", "/reports/kpis", "/reports/ofsted" })
        {
            var response = await page.GotoAsync(baseUrl + path);
            Assert.Equal(200, response!.Status);
            await AssertAccessibleAsync(page);
            var csv = await page.Locator("a", new() { HasTextString = "as CSV" }).GetAttributeAsync("href");
            var download = await manager.APIRequest.GetAsync(baseUrl + csv);
            Assert.Equal(200, download.Status);
            Assert.StartsWith("text/csv", download.Headers["content-type"], StringComparison.Ordinal);
        }

        await page.GotoAsync($"{baseUrl}/reports/sla");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "sla.png"), FullPage = true });

        // A bad filter: 400, the problem summarised, and the form there to put it right.
        var bad = await page.GotoAsync($"{baseUrl}/reports/sla?from=2026-13-01");
        Assert.Equal(400, bad!.Status);
        Assert.Contains("from", await page.Locator(".govuk-error-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("form.fw-filters").CountAsync());
        await AssertAccessibleAsync(page);

        // Signing out is a form with an antiforgery token; without the token the post is refused.
        var forged = await manager.APIRequest.PostAsync($"{baseUrl}/sign-out");
        Assert.Equal(400, forged.Status);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/signed-out");
        var after = await page.GotoAsync($"{baseUrl}/dashboard");
        Assert.StartsWith($"http://127.0.0.1:{provider.Port}/", page.Url, StringComparison.Ordinal);
        Assert.NotNull(after);

        // Another council's manager sees none of Hertfordshire's journeys.
        var other = await SignInAsync(browser, baseUrl, "Leo Lyons");
        var html = await other.ContentAsync();
        Assert.DoesNotContain(herts.Breached, html, StringComparison.Ordinal);
        Assert.Contains(leics, html, StringComparison.Ordinal);
        var refused = await other.GotoAsync($"{baseUrl}/journeys/{herts.Breached}");
        Assert.Equal(404, refused!.Status);
        var otherCouncil = await other.GotoAsync($"{baseUrl}/reports/sla?localAuthority=hertfordshire");
        Assert.Equal(403, otherCouncil!.Status);

        // An officer is not a manager: 403, said on a page.
        var officer = await SignInAsync(browser, baseUrl, "Olu Okafor");
        var forbidden = await officer.GotoAsync($"{baseUrl}/dashboard");
        Assert.Equal(403, forbidden!.Status);
        Assert.Equal("You cannot see the reports", await officer.Locator("h1").InnerTextAsync());
        var api = await officer.Context.APIRequest.GetAsync($"{baseUrl}/api/reports/sla");
        Assert.Equal(403, api.Status);
        // An officer of the journey's council works on it from its page (Journeys/JourneyPageTests).
        var journeyPage = await officer.GotoAsync($"{baseUrl}/journeys/{herts.Breached}");
        Assert.Equal(200, journeyPage!.Status);
        Assert.Equal("Sam Jones", await officer.Locator("h1").InnerTextAsync());
    }

    /// <summary>Three Hertfordshire enquiries (two contacted, one left to breach) and one Leicestershire enquiry, left to breach.</summary>
    private static async Task<((string Breached, string[] All) Herts, string Leics)> SeedAsync(HttpClient officer)
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await officer.StartJourneyAsync());
        }

        var leics = await officer.StartJourneyAsync(Infrastructure.Api.Enquiry("leicestershire"));
        await officer.PostEventAsync(ids[0], "ContactMade");
        await officer.PostEventAsync(ids[1], "ContactMade");
        // Two working hours from Thursday 24 December 15:30 is Tuesday 29 December 09:30: past it, the others are breached.
        await officer.AdvanceToAsync(new DateTimeOffset(2026, 12, 29, 12, 0, 0, TimeSpan.Zero));
        var journey = await officer.GetJsonAsync($"/api/journeys/{ids[2]}");
        Assert.Equal("Breached", journey.Deadline("EnquiryResponse").Str("state"));
        return ((ids[2], [.. ids]), leics);
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string who)
    {
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/sign-in?returnUrl=/dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = who }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(baseUrl, StringComparison.Ordinal));
        return page;
    }

    /// <summary>
    /// Waits for the page to reach an address containing <paramref name="part"/>; if it never does, fails saying where the
    /// page is and what its main part says (an error summary, say), rather than only that the wait ran out.
    /// </summary>
    internal static async Task WaitForUrlOrSayWhyAsync(IPage page, string part)
    {
        try
        {
            await page.WaitForURLAsync(url => url.Contains(part, StringComparison.Ordinal));
        }
        catch (TimeoutException)
        {
            var main = await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 });
            Assert.Fail($"The page never reached an address with '{part}'; it is at {page.Url}, saying: {main[..Math.Min(main.Length, 600)]}");
        }
    }

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "chromium",
            Headless = true,
            Args = BrowserArgs,
        });

    /// <summary>
    /// What the page must hold for people using assistive technology: one h1 and headings that never skip a level, every
    /// table with a caption and header cells, every form control with a label, every chart with a title and a text
    /// alternative, and the charts' colours at least 3:1 against the white page.
    /// </summary>
    private static async Task AssertAccessibleAsync(IPage page)
    {
        await PageChecks.AssertAccessibleAsync(page); // axe-core's WCAG 2.2 A and AA rules, and 320 px without scrolling sideways

        var found = await page.EvaluateAsync<JsonElement>("""
            () => {
              const problems = [];
              const levels = [...document.querySelectorAll('main h1, main h2, main h3, main h4')].map(h => +h.tagName[1]);
              if (levels.filter(l => l === 1).length !== 1 || levels[0] !== 1) problems.push('one h1, first: ' + levels.join(','));
              levels.forEach((l, i) => { if (i > 0 && l > levels[i - 1] + 1) problems.push('heading skips from h' + levels[i - 1] + ' to h' + l); });
              document.querySelectorAll('table').forEach(t => {
                if (!t.querySelector('caption')?.textContent.trim()) problems.push('a table without a caption');
                if (!t.querySelector('thead th[scope=col]')) problems.push('a table without column headers: ' + t.querySelector('caption')?.textContent);
              });
              document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(c => {
                if (!c.id || !document.querySelector('label[for="' + c.id + '"]')) problems.push('a control without a label: ' + c.name);
              });
              const colours = [];
              document.querySelectorAll('svg').forEach(s => {
                if (s.getAttribute('role') !== 'img') problems.push('a chart without role=img');
                const ids = (s.getAttribute('aria-labelledby') || '').split(' ');
                if (ids.length < 2 || ids.some(id => !document.getElementById(id)?.textContent.trim())) problems.push('a chart without a title and a text alternative');
                s.querySelectorAll('[fill],[stroke]').forEach(e => ['fill', 'stroke'].forEach(a => { const v = e.getAttribute(a); if (v && v !== 'none') colours.push(v); }));
              });
              if (!document.documentElement.lang) problems.push('no lang on html');
              return { problems, colours };
            }
            """);
        Assert.Empty(found.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        foreach (var colour in found.GetProperty("colours").EnumerateArray().Select(c => c.GetString()!).Distinct())
        {
            Assert.True(ColourContrast.WithWhite(colour) >= 3, $"{page.Url}: chart colour {colour} has {ColourContrast.WithWhite(colour):0.0}:1 against white");
        }
    }
}
