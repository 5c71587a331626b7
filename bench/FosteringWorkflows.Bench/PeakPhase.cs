using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FosteringWorkflows.Hub;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A Monday morning, everything at once on loopback: a service of 20 councils whose messages go through a Notify-speaking
/// listener answering in 100 ms; officers' sessions signed in at the loopback OpenID Connect provider, each opening the work
/// list and journeys' pages and recording steps through the pages' forms, a few seconds apart; the hub delivering its
/// enquiries over the minute; an integration posting events; and timers falling due across the minute (a council whose first
/// clock is 36 seconds long). Each kind of request is timed alone on idle storage first (one at a time), then in the peak.
/// </summary>
internal static partial class PeakPhase
{
    /// <summary>The council whose enquiry clock is 36 seconds long, on a calendar where every minute counts.</summary>
    private const string TimerCouncil = "hampshire";

    private static readonly string[] OfficerCouncils = ["hertfordshire", "leicestershire"];

    private const string NoStorage = "no storage (floor)";

    private const string PointRead = "Azurite point read";

    public static async Task RunAsync(Bench bench, AzuriteProcess azurite, IDictionary<string, string?> sample, int sessions, int deliveries, int timerJourneys, TimeSpan over)
    {
        await using var provider = await FakeProviders.StartAsync();
        provider.ResponseDelay = TimeSpan.FromMilliseconds(100);
        var settings = new Dictionary<string, string?>(sample.Where(s => !s.Key.StartsWith("Councils:leicestershire:Policy:", StringComparison.Ordinal)))
        {
            ["Storage:Prefix"] = "benchpeak",
            [$"Councils:{TimerCouncil}:Policy:WorkingDays"] = "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday",
            [$"Councils:{TimerCouncil}:Policy:WorkingDayStart"] = "00:00",
            [$"Councils:{TimerCouncil}:Policy:WorkingDayEnd"] = "23:59:59",
            [$"Councils:{TimerCouncil}:Policy:Clocks:EnquiryResponse:Limit"] = "0.01 WorkingHours",
            ["Hubs:south-east:RequestsPerMinute"] = "100000",
        };
        HubReportsPhase.AddCouncils(settings, 20);
        foreach (var council in new[] { "hertfordshire", "leicestershire", "hampshire", "portsmouth", "southampton", "isle-of-wight" })
        {
            foreach (var (key, value) in provider.SettingsFor(council, "Notify", "Notify"))
            {
                settings[key] = value;
            }

            // Texts are held back in quiet hours: no figure may depend on when the bench runs.
            settings[$"Councils:{council}:Messaging:QuietHoursStart"] = "00:00";
            settings[$"Councils:{council}:Messaging:QuietHoursEnd"] = "00:00";
        }

        await using var factory = Bench.InProcess(settings);
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", "dev-officer-key");
        (await api.GetAsync("/health")).EnsureSuccessStatusCode();

        // The officers' caseloads, and their sessions: half in each council's officer's name.
        var caseload = OfficerCouncils.ToDictionary(c => c, _ => new ConcurrentQueue<string>());
        var opened = OfficerCouncils.ToDictionary(c => c, _ => new ConcurrentBag<string>());
        var perCouncil = sessions * 2 + 200;
        await Bench.RunAsync(perCouncil * OfficerCouncils.Length, 32, async i =>
        {
            var council = OfficerCouncils[i % OfficerCouncils.Length];
            var id = await Bench.StartAsync(api, council);
            caseload[council].Enqueue(id);
            opened[council].Add(id);
        });
        var signedIn = new HttpClient[sessions];
        await Bench.RunAsync(sessions, 8, async i => signedIn[i] = await ReportsPhase.SignInAsync(factory, i % 2 == 0 ? "herts-officer" : "leics-officer"));
        var pages = opened.ToDictionary(c => c.Key, c => c.Value.ToArray());
        var timers = factory.Services.GetRequiredService<TimeProvider>();
        var storage = factory.Services.GetRequiredService<StorageAccount>();
        bench.Line($"Monday-morning peak: {sessions} officers' sessions, {deliveries} hub deliveries and {timerJourneys} journeys whose clocks fall due, over {over.TotalSeconds:F0} s; 20 councils, Notify answering in 100 ms");

        // Alone, on idle storage: each kind one at a time.
        var alone = new Samples();
        var hubSequence = 0;
        for (var i = 0; i < 30; i++)
        {
            var session = signedIn[i % sessions];
            var council = OfficerCouncils[i % 2];
            await alone.TimeAsync("work list page", () => session.GetAsync("/work"));
            await alone.TimeAsync("journey page", () => session.GetAsync($"/journeys/{pages[council][Random.Shared.Next(pages[council].Length)]}"));
            await RecordStepAsync(alone, session, Take(caseload[council]));
            await alone.TimeAsync("API event", () => api.PostAsJsonAsync($"/api/journeys/{Take(caseload[council])}/events", new { type = "ContactMade" }));
            await alone.TimeAsync("API enquiry", () => EnquireAsync(api, TimerCouncil));
            await alone.TimeAsync("hub delivery", () => DeliverAsync(api, Interlocked.Increment(ref hubSequence)));
            await alone.TimeAsync(NoStorage, () => api.GetAsync("/health/live"));
            await alone.TimeAsync(PointRead, () => ProbeAsync(storage));
        }

        await Task.Delay(TimeSpan.FromSeconds(45)); // the timer council's clocks from the enquiries above, run out before the peak

        // The peak.
        var peak = new Samples();
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(over.TotalSeconds * Stopwatch.Frequency);
        var firstDue = timers.GetUtcNow();
        var timerIds = new ConcurrentBag<string>();
        var cpu = CpuUse.Start();
        using var calls = new CallsByTable(azurite.Ports, "benchpeak");
        var work = new List<Task>();
        // The floors beside the requests, ten times a second each: a request that makes no storage call (the process's own
        // wait for a thread and a core), and a point read of a small table straight from this process (Azurite's wait).
        work.AddRange(Paced((int)over.TotalSeconds * 10, over, () => peak.TimeAsync(NoStorage, () => api.GetAsync("/health/live"))));
        work.AddRange(Paced((int)over.TotalSeconds * 10, over, () => peak.TimeAsync(PointRead, () => ProbeAsync(storage))));
        work.AddRange(Paced(deliveries, over, () => peak.TimeAsync("hub delivery", () => DeliverAsync(api, Interlocked.Increment(ref hubSequence)))));
        work.AddRange(Paced(timerJourneys, over / 3, () => peak.TimeAsync("API enquiry", async () =>
        {
            var response = await EnquireAsync(api, TimerCouncil);
            if (response.IsSuccessStatusCode)
            {
                timerIds.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("journeyId").GetString()!);
            }

            return response;
        })));
        work.AddRange(Paced((int)over.TotalSeconds * 5, over, () => peak.TimeAsync("API event",
            () => api.PostAsJsonAsync($"/api/journeys/{Take(caseload[OfficerCouncils[Random.Shared.Next(2)]])}/events", new { type = "ContactMade" }))));
        work.AddRange(Enumerable.Range(0, sessions).Select(i => Task.Run(async () =>
        {
            var session = signedIn[i];
            var council = OfficerCouncils[i % 2];
            await Task.Delay(Random.Shared.Next(10_000));
            while (Stopwatch.GetTimestamp() < end)
            {
                var roll = Random.Shared.NextDouble();
                if (roll < 0.4)
                {
                    await peak.TimeAsync("work list page", () => session.GetAsync("/work"));
                }
                else if (roll < 0.8)
                {
                    await peak.TimeAsync("journey page", () => session.GetAsync($"/journeys/{pages[council][Random.Shared.Next(pages[council].Length)]}"));
                }
                else
                {
                    await RecordStepAsync(peak, session, Take(caseload[council]));
                }

                var reading = TimeSpan.FromMilliseconds(Random.Shared.Next(10_000, 20_000)); // an officer reads what they opened
                if (Stopwatch.GetTimestamp() + (long)(reading.TotalSeconds * Stopwatch.Frequency) >= end)
                {
                    break;
                }

                await Task.Delay(reading);
            }
        })));
        await Task.WhenAll(work);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var used = cpu.Stop();
        var byTable = calls.Take();

        // The timers: every warning and breach of the peak's timer journeys, from due to committed.
        await Task.Delay(TimeSpan.FromSeconds(50));
        var lateness = await LatenessPhase.OfAsync(factory.Services.GetRequiredService<JourneyStore>(), timerIds, firstDue);

        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"  {"request",-22} {"alone p50 / p95 / p99 ms",26} {"peak p50 / p95 / p99 ms",26} {"p95 peak/alone",15} {"in peak",8} {"errors",7}"));
        foreach (var kind in new[] { "work list page", "journey page", "step form (post)", "API event", "API enquiry", "hub delivery", NoStorage, PointRead })
        {
            var (a, p) = (alone.Of(kind), peak.Of(kind));
            bench.Line(string.Create(CultureInfo.InvariantCulture,
                $"  {kind,-22} {a.P(0.5),8:F0} {a.P(0.95),8:F0} {a.P(0.99),8:F0} {p.P(0.5),8:F0} {p.P(0.95),8:F0} {p.P(0.99),8:F0} {p.P(0.95) / a.P(0.95),14:F2}× {p.Count,8} {p.Errors + a.Errors,7}"));
        }

        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"  {"timer lateness",-22} p50 {lateness.P(0.5):F0} ms, p95 {lateness.P(0.95):F0} ms, p99 {lateness.P(0.99):F0} ms, max {lateness.Max:F0} ms of {lateness.Milliseconds.Count} warnings and breaches ({lateness.Missing} not fired)"));
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"  {"CPU in the peak",-22} the machine's {used.Cores} cores {used.Busy:P0} busy: this process (the service and the bench's callers) {used.Process:P0}, everything else (Azurite, the OS) {used.Busy - used.Process:P0}"));
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"  {"storage calls",-22} {byTable.Values.Sum() / elapsed.TotalSeconds:F0} a second in the peak (what Azurite answers; its own point read above): {CallsByTable.Describe(byTable)}"));
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"  {"Notify calls",-22} {provider.Calls.Count} over the run; the peak took {elapsed.TotalSeconds:F0} s; errors are any answer other than the one expected (2xx, or 303 for a form)"));
        foreach (var session in signedIn)
        {
            session.Dispose();
        }
    }

    /// <summary>A step recorded through the journey page's form: the form (a page), then its post with its antiforgery token.</summary>
    private static async Task RecordStepAsync(Samples samples, HttpClient session, string journeyId)
    {
        string? form = null;
        await samples.TimeAsync("journey page", async () =>
        {
            var response = await session.GetAsync($"/journeys/{journeyId}/steps/ContactMade");
            form = await response.Content.ReadAsStringAsync();
            return response;
        });
        if (form is null)
        {
            return;
        }

        var fields = new List<KeyValuePair<string, string>>();
        var radios = new HashSet<string>(StringComparer.Ordinal);
        // The step's own form (the page's header has the sign-out form, with its own token).
        var start = form.IndexOf($"action=\"/journeys/{journeyId}/steps/", StringComparison.Ordinal);
        var step = start < 0 ? "" : form[start..form.IndexOf("</form>", start, StringComparison.Ordinal)];
        foreach (Match input in InputPattern().Matches(step))
        {
            var tag = input.Value;
            var name = WebUtility.HtmlDecode(Attribute(tag, "name") ?? "");
            var type = Attribute(tag, "type") ?? "text";
            if (name.Length == 0 || (type == "radio" && !radios.Add(name)) || (type == "checkbox" && !tag.Contains("checked", StringComparison.Ordinal)))
            {
                continue;
            }

            fields.Add(new(name, WebUtility.HtmlDecode(Attribute(tag, "value") ?? "")));
        }

        await samples.TimeAsync("step form (post)", () => session.PostAsync($"/journeys/{journeyId}/steps/ContactMade", new FormUrlEncodedContent(fields)),
            expected: HttpStatusCode.SeeOther);
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputPattern();

    private static Task<HttpResponseMessage> EnquireAsync(HttpClient api, string council) =>
        api.PostAsJsonAsync("/api/enquiries", new
        {
            localAuthority = council,
            channel = "web",
            applicant = new { firstName = "Bench", lastName = "Mark", email = "bench@example.org", phone = "07911 123456", preferredChannel = "sms" },
            consent = new { sms = true, email = true },
        });

    private static Task<HttpResponseMessage> DeliverAsync(HttpClient client, int sequence)
    {
        var json = JsonSerializer.Serialize(new
        {
            hubEnquiryId = string.Create(CultureInfo.InvariantCulture, $"peak-{sequence}"),
            applicant = new { firstName = "Hub", lastName = "Bench", email = "hub@example.org", phone = "07700 900123", postcode = "PO4 8AA", preferredChannel = "email" },
            consent = new { sms = true, email = true },
        });
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/hub/enquiries") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Timestamp", timestamp);
        request.Headers.Add("X-Hub-Signature-256", HubSignature.Sign("dev-hub-secret", timestamp, Encoding.UTF8.GetBytes(json)));
        return client.SendAsync(request);
    }

    /// <summary>Starts <paramref name="count"/> operations evenly over <paramref name="over"/>, each not waiting for the one before.</summary>
    private static IEnumerable<Task> Paced(int count, TimeSpan over, Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        return [Task.Run(async () =>
        {
            var running = new List<Task>();
            for (var i = 0; i < count; i++)
            {
                var at = over * i / count;
                var wait = at - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                running.Add(Task.Run(operation));
            }

            await Task.WhenAll(running);
        })];
    }

    /// <summary>Azurite's point read, timed as a request is.</summary>
    private static async Task<HttpResponseMessage> ProbeAsync(StorageAccount storage)
    {
        await Bench.PointReadAsync(storage);
        return new HttpResponseMessage(HttpStatusCode.OK);
    }

    private static string Take(ConcurrentQueue<string> queue) =>
        queue.TryDequeue(out var id) ? id : throw new InvalidOperationException("The caseload ran out: raise perCouncil.");

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Latencies and errors by kind of request.</summary>
    private sealed class Samples
    {
        private readonly ConcurrentDictionary<string, Kind> _kinds = new(StringComparer.Ordinal);
        private int _shown;

        public Kind Of(string kind) => _kinds.GetOrAdd(kind, _ => new Kind());

        public async Task TimeAsync(string kind, Func<Task<HttpResponseMessage>> call, HttpStatusCode? expected = null)
        {
            var one = Stopwatch.GetTimestamp();
            var ok = false;
            try
            {
                using var response = await call();
                await response.Content.ReadAsByteArrayAsync();
                ok = expected is { } status ? response.StatusCode == status : response.IsSuccessStatusCode;
                if (!ok && Interlocked.Increment(ref _shown) <= 2)
                {
                    Console.Error.WriteLine($"peak: a {kind} answered {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
            catch (HttpRequestException)
            {
                ok = false;
            }

            Of(kind).Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds, ok);
        }
    }

    private sealed class Kind
    {
        private readonly List<double> _times = [];

        public int Errors { get; private set; }

        public int Count
        {
            get
            {
                lock (_times)
                {
                    return _times.Count;
                }
            }
        }

        public void Add(double milliseconds, bool ok)
        {
            lock (_times)
            {
                _times.Add(milliseconds);
                Errors += ok ? 0 : 1;
            }
        }

        public double P(double p)
        {
            lock (_times)
            {
                return Percentile([.. _times.Order()], p);
            }
        }
    }
}
