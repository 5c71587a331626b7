using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>What every page must pass: axe-core's WCAG 2.2 A and AA rules, and no sideways scrolling at 320 px (WCAG 1.4.10).</summary>
public static class PageChecks
{
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });
        Assert.NotEmpty(result.Passes); // axe ran its rules on this page
        Assert.True(result.Violations.Length == 0, $"{page.Url}: " + string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));

        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(320, 640);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (widths[0] > widths[1])
        {
            var wide = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)"
                + ".slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right + ' ' + e.textContent.slice(0, 30))");
            Assert.Fail($"{page.Url} scrolls sideways at 320 px: {widths[0]} px wide in {widths[1]} px; past the edge: {string.Join("; ", wide)}");
        }
        if (size is not null)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
        }
    }

    /// <summary>Where screenshots go: the test results folder, kept as the run's artifacts.</summary>
    public static readonly string Artifacts = Path.Combine(AzuriteProcess.RepoRoot, "tests", "TestResults", "screenshots");

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Artifacts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });
    }

    /// <summary>Moves the keyboard's focus with Tab, as a person without a mouse does, until it is on the control with this text.</summary>
    public static async Task TabToAsync(IPage page, string text)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => (document.activeElement?.innerText || document.activeElement?.value || '').trim()");
            if (focused == text)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached '{text}' on {page.Url}");
    }
}
