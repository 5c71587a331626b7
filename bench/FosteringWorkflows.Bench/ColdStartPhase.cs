using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>
/// A replica scaled to zero, started by the first caller: a new process of the service as the image holds it (published
/// for linux-x64 in Release, as <c>PublishContainer</c> does; or the build named by <c>--service-dll</c>), timed from
/// process start to its first answer: to <c>/health/live</c>, to
/// the first enquiry answered <c>201</c>, to the first page rendered (the public enquiry form), and to the first signed-in
/// page (the work list, for a session signed in on an earlier process). Beside them, the
/// floor: a bare ASP.NET Core app with one endpoint, started the same way. Storage is already there (a restart, not a
/// first deployment); the storage calls made before the first enquiry's answer are counted on an in-process start.
/// </summary>
internal static class ColdStartPhase
{
    public static async Task RunAsync(Bench bench, AzuriteProcess azurite, IReadOnlyDictionary<string, string?> settings, int runs, string? serviceDll = null)
    {
        const string prefix = "coldstart";
        // Both published the same way (Release, linux-x64, framework-dependent: the image's settings), so the floor is fair.
        var published = Path.Combine(Path.GetTempPath(), "fosteringworkflows-coldstart");
        serviceDll ??= await PublishAsync(Path.Combine(AzuriteProcess.RepoRoot, "functions"), Path.Combine(published, "service"), "FosteringWorkflows.Functions.dll");
        var floorDll = await PublishAsync(Path.Combine(AzuriteProcess.RepoRoot, "bench", "ColdStartFloor"), Path.Combine(published, "floor"), "ColdStartFloor.dll");
        var service = new Dictionary<string, string?>(settings) { ["Clock:Mode"] = "Real" };
        service.Remove("Storage:Prefix"); // the processes' own prefix, not the in-process bench's
        ProcessStartInfo Service(AzuriteProcess azurite, string prefix, IDictionary<string, string?> settings)
        {
            var start = ServiceProcess.StartInfo(azurite.ConnectionString, prefix, settings, AzuriteProcess.FreePort());
            if (serviceDll is not null)
            {
                start.ArgumentList[0] = serviceDll; // a published build (the image's files), in place of the build output
                start.WorkingDirectory = Path.GetDirectoryName(serviceDll)!;
            }

            return start;
        }


        // One start first, outside the figures: the tables exist, and the OS has the files cached, as on a restart.
        await FirstAnswerAsync(Service(azurite, prefix, service), c => c.GetAsync("/health"), HttpStatusCode.OK);

        var floor = await TimesAsync(runs, () => Floor(floorDll), c => c.GetAsync("/"), HttpStatusCode.OK);
        var live = await TimesAsync(runs, () => Service(azurite, prefix, service), c => c.GetAsync("/health/live"), HttpStatusCode.OK);
        var enquiry = await TimesAsync(runs, () => Service(azurite, prefix, service), async c =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(Enquiry()) };
            request.Headers.Add("X-Api-Key", "dev-intake-key");
            return await c.SendAsync(request);
        }, HttpStatusCode.Created);
        var page = await TimesAsync(runs, () => Service(azurite, prefix, service), c => c.GetAsync("/enquire"), HttpStatusCode.OK);
        // An officer signed in earlier, on a replica since gone: the session cookie, opened by the keys all replicas share.
        var session = await SignedInCookieAsync(Service(azurite, prefix, service));
        var signedIn = await TimesAsync(runs, () => Service(azurite, prefix, service), c =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
            request.Headers.Add("Cookie", session);
            return c.SendAsync(request);
        }, HttpStatusCode.OK);
        var (calls, byKind) = await CallsBeforeFirstEnquiryAsync(bench, azurite, settings, prefix);

        bench.Line($"Cold start, {runs} new processes each (published for linux-x64, Release), process start to the first answer: median (fastest)");
        Print(bench, "bare ASP.NET Core app (the floor)", floor, floor);
        Print(bench, "service: /health/live", live, floor);
        Print(bench, "service: first enquiry answered 201", enquiry, floor);
        Print(bench, "service: first page (/enquire)", page, floor);
        Print(bench, "service: first signed-in page (/work)", signedIn, floor);
        bench.Line(string.Create(CultureInfo.InvariantCulture, $"{"storage calls before the first 201",-34} {calls} (in-process start, tables already there), by table or queue:"));
        bench.Line("  " + CallsByTable.Describe(byKind));
        bench.Line();
    }

    private static void Print(Bench bench, string name, List<double> times, List<double> floor) =>
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {Median(times),7:F0} ms ({times.Min(),5:F0})   {Median(times) / Median(floor),5:F2}× the floor"));

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task<List<double>> TimesAsync(int runs, Func<ProcessStartInfo> start, Func<HttpClient, Task<HttpResponseMessage>> ask, HttpStatusCode expected)
    {
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            times.Add(await FirstAnswerAsync(start(), ask, expected));
        }

        return times;
    }

    /// <summary>Starts the process and asks until it answers as expected (a refused connection is asked again at once): the milliseconds from start.</summary>
    private static async Task<double> FirstAnswerAsync(ProcessStartInfo start, Func<HttpClient, Task<HttpResponseMessage>> ask, HttpStatusCode expected)
    {
        var url = start.Environment["ASPNETCORE_URLS"]!;
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        using var process = Launch(start);
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var answer = await ask(client);
                    if (answer.StatusCode == expected)
                    {
                        return clock.Elapsed.TotalMilliseconds;
                    }

                    last = $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(1);
            }

            throw new InvalidOperationException($"{start.ArgumentList[0]} did not answer {expected} within a minute (last: {last}).");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Signs in as Hertfordshire's officer on a running service process, through the loopback provider, keeping cookies by
    /// hand (the sign-in's cookies are Secure, and a cookie container would not send them over plain HTTP): the session's
    /// Cookie header.
    /// </summary>
    private static async Task<string> SignedInCookieAsync(ProcessStartInfo start)
    {
        var url = new Uri(start.Environment["ASPNETCORE_URLS"]!);
        using var process = Launch(start);
        try
        {
            using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = url };
            for (var tries = 0; ; tries++)
            {
                try
                {
                    (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
                    break;
                }
                catch (HttpRequestException) when (tries < 600)
                {
                    await Task.Delay(100);
                }
            }

            var jar = new Dictionary<string, string>(StringComparer.Ordinal);
            var challenge = await SendAsync(client, jar, new Uri(url, "/work"));
            var provider = await client.GetStringAsync(challenge.Headers.Location);
            var choice = System.Text.RegularExpressions.Regex.Matches(provider, "href=\"([^\"]*)\"")
                .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
                .First(href => href.Contains("login_hint=herts-officer", StringComparison.Ordinal));
            var code = await client.GetAsync(new Uri(challenge.Headers.Location!, choice));
            var callback = await SendAsync(client, jar, new Uri(url, code.Headers.Location!.PathAndQuery));
            if (callback.StatusCode != HttpStatusCode.Redirect || jar.Count == 0)
            {
                throw new InvalidOperationException($"Sign-in did not complete: {(int)callback.StatusCode}");
            }

            // The session's cookies only: the sign-in's correlation and nonce cookies are spent.
            return string.Join("; ", jar.Where(c => !c.Key.StartsWith(".AspNetCore.Correlation", StringComparison.Ordinal) && !c.Key.StartsWith(".AspNetCore.OpenIdConnect.Nonce", StringComparison.Ordinal))
                .Select(c => $"{c.Key}={c.Value}"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        static async Task<HttpResponseMessage> SendAsync(HttpClient client, Dictionary<string, string> jar, Uri uri)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (jar.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await client.SendAsync(request);
            foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = set.Split(';')[0];
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                if (set.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    jar.Remove(pair[..at]);
                }
                else
                {
                    jar[pair[..at]] = pair[(at + 1)..];
                }
            }

            return response;
        }
    }

    /// <summary>Starts a process whose output is read and dropped (a full pipe would stop it).</summary>
    private static Process Launch(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("The process did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Publishes a project as the image is built (Release, linux-x64, framework-dependent) into <paramref name="output"/>: the path of its dll.</summary>
    private static async Task<string> PublishAsync(string project, string output, string dll)
    {
        var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", output, "-v", "q", "-nologo" })
        {
            publish.ArgumentList.Add(argument);
        }

        using var process = Process.Start(publish) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var said = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? Path.Combine(output, dll) : throw new InvalidOperationException($"dotnet publish {project} failed: {await said}{await errors}");
    }

    private static ProcessStartInfo Floor(string dll)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{AzuriteProcess.FreePort()}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }

    /// <summary>
    /// The storage calls an in-process start makes, from building the host to the first enquiry's 201 (the tables already
    /// there), and how many went to each table or queue (the first segment of the path, the prefix and any key left out).
    /// </summary>
    private static async Task<(long Calls, Dictionary<string, int> ByKind)> CallsBeforeFirstEnquiryAsync(
        Bench bench, AzuriteProcess azurite, IReadOnlyDictionary<string, string?> settings, string prefix)
    {
        var inProcess = new Dictionary<string, string?>(settings) { ["Storage:Prefix"] = prefix, ["Clock:Mode"] = "Real" };
        using var byKind = new CallsByTable(azurite.Ports, prefix);
        // A first start creates what is missing (as a first deployment does); the second is the restart that is counted.
        await using (var first = Bench.InProcess(inProcess))
        {
            using var warm = first.CreateClient();
            (await warm.GetAsync("/health")).EnsureSuccessStatusCode();
        }

        byKind.Reset();
        var before = bench.StorageCalls.Count;
        await using var factory = Bench.InProcess(inProcess);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-intake-key");
        using var answer = await client.PostAsJsonAsync("/api/enquiries", Enquiry());
        answer.EnsureSuccessStatusCode();
        var calls = bench.StorageCalls.Count - before;
        return (calls, byKind.Take());
    }

    private static object Enquiry() => new
    {
        localAuthority = "hertfordshire",
        channel = "web",
        applicant = new { firstName = "Cold", lastName = "Start", email = "cold.start@example.org" },
        consent = new { sms = false, email = true },
    };
}
