using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

/// <summary>
/// The managers' reports as a manager of every seeded council reads them: the SLA report and the funnel through the API with
/// a Manager key, and the dashboard page through a session signed in at the loopback OpenID Connect provider (the same
/// redirects a browser follows). Each the median of 10, with the storage calls each.
/// </summary>
internal static class ReportsPhase
{
    public static async Task<(double Sla, double Funnel, double Dashboard)> RunAsync(Bench bench, WebApplicationFactory<Program> factory, string label)
    {
        using var manager = factory.CreateClient();
        manager.DefaultRequestHeaders.Add("X-Api-Key", "dev-manager-key");
        using var browser = await SignInAsync(factory);
        var sla = await TimeAsync(bench, $"SLA report {label}", () => manager.GetAsync("/api/reports/sla"));
        var funnel = await TimeAsync(bench, $"funnel {label}", () => manager.GetAsync("/api/reports/funnel"));
        var dashboard = await TimeAsync(bench, $"dashboard page {label}", () => browser.GetAsync("/dashboard"));
        return (sla, funnel, dashboard);
    }

    /// <summary>
    /// The staff pages as the same manager (every seeded council) reads them: the work list, and one journey's page (the
    /// first the list API gives), each the median and 95th percentile of 40, with the storage calls each.
    /// </summary>
    public static async Task<(double Work, double Journey)> PagesAsync(Bench bench, WebApplicationFactory<Program> factory, string label)
    {
        using var manager = factory.CreateClient();
        manager.DefaultRequestHeaders.Add("X-Api-Key", "dev-manager-key");
        using var browser = await SignInAsync(factory);
        var list = System.Text.Json.JsonDocument.Parse(await manager.GetStringAsync("/api/journeys?pageSize=1")).RootElement.GetProperty("items");
        var work = await PercentilesAsync(bench, $"work list page {label}", () => browser.GetAsync("/work"));
        var journey = list.GetArrayLength() == 0 ? 0
            : await PercentilesAsync(bench, $"journey page {label}", () => browser.GetAsync($"/journeys/{list[0].GetProperty("journeyId").GetString()}"));
        return (work, journey);
    }

    private static async Task<double> PercentilesAsync(Bench bench, string label, Func<Task<HttpResponseMessage>> call)
    {
        (await call()).EnsureSuccessStatusCode(); // warm
        var samples = new List<double>();
        var before = bench.StorageCalls.Count;
        for (var i = 0; i < 40; i++)
        {
            var one = Stopwatch.GetTimestamp();
            using var response = await call();
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            samples.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
        }

        var sorted = samples.Order().ToList();
        var (p50, p95) = (sorted[19], sorted[37]);
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{label,-34} p50 {p50:F0} ms, p95 {p95:F0} ms (of 40), {(bench.StorageCalls.Count - before) / 40.0:F0} storage calls each"));
        return p50;
    }

    private static async Task<double> TimeAsync(Bench bench, string label, Func<Task<HttpResponseMessage>> call)
    {
        (await call()).EnsureSuccessStatusCode(); // warm
        var samples = new List<double>();
        var before = bench.StorageCalls.Count;
        for (var i = 0; i < 10; i++)
        {
            var one = Stopwatch.GetTimestamp();
            using var response = await call();
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            samples.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
        }

        var median = samples.Order().ElementAt(5);
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{label,-34} {median:F0} ms (median of 10), {(bench.StorageCalls.Count - before) / 10.0:F0} storage calls each"));
        return median;
    }

    /// <summary>Signs in as a sample staff member (the hub manager unless named): the service's redirect to the provider, its sign-in page, the callback.</summary>
    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> factory, string user = "hub-manager")
    {
        // HTTPS, as a browser sees the service in Azure: the sign-in's correlation cookies are Secure.
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost"),
        });
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var challenge = await client.GetAsync("/dashboard");
        var signInPage = await provider.GetStringAsync(challenge.Headers.Location);
        var choice = System.Text.RegularExpressions.Regex.Matches(signInPage, "href=\"([^\"]*)\"")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .First(href => System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), href).Query)["login_hint"] == user);
        var code = await provider.GetAsync(new Uri(challenge.Headers.Location!, choice));
        var callback = await client.GetAsync(code.Headers.Location!.PathAndQuery);
        if (callback.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in did not complete: {(int)callback.StatusCode}");
        }

        return client;
    }
}
