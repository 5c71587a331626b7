using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>
/// The repo's pinned Azurite (node_modules), in memory, on free loopback ports. Used by the test fixture and,
/// as a linked source file, by the benchmark.
/// </summary>
public sealed class AzuriteProcess : IDisposable
{
    /// <summary>
    /// Azurite's V8 heap limit. Node's default here is about 4 GiB, and with the benchmark's 100,000 journeys open
    /// Azurite is resident at about 3.7 GiB: one more phase and it would run out. (Raising the limit did not shorten its
    /// whole-heap collections, which still pause it for up to seconds once a run; see docs/architecture.md.) The tests
    /// stay far below either limit.
    /// </summary>
    public const int HeapLimitMiB = 12288;

    /// <summary>
    /// Each of V8's young-generation semi-spaces, in MiB (Node's default is 16). Azurite's short-lived garbage (every
    /// query's matches, every request's parsing) then dies young instead of filling the old generation, whose whole-heap
    /// collection is the one long pause of the benchmark's lateness phase: with 40,000 open, 590 ms beside 1,759 ms (one
    /// run each side). With 100,000 open it did not shorten that pause: V8's trace puts it in the whole-heap collection's
    /// marking, which takes as long as what is live (docs/architecture.md, "The 100,000-journey figure").
    /// </summary>
    public const int SemiSpaceMiB = 64;

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;
    private readonly string? _heapFile;

    private AzuriteProcess(Process process, string connectionString, IReadOnlySet<int> ports, string? heapFile)
    {
        _process = process;
        _heapFile = heapFile;
        ConnectionString = connectionString;
        Ports = ports;
    }

    public string ConnectionString { get; }

    /// <summary>The processor time Azurite's node process has used so far (all its threads, the garbage collector's included).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Azurite's resident memory now and at its peak, in bytes (the node process's own, from the kernel).</summary>
    public (long Now, long Peak) Resident
    {
        get
        {
            _process.Refresh();
            return (_process.WorkingSet64, _process.PeakWorkingSet64);
        }
    }

    /// <summary>The blob, queue and table ports, for counting the calls made to this Azurite.</summary>
    public IReadOnlySet<int> Ports { get; }

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// Starts Azurite: in memory on free ports, or (for a test that stops and restarts it) on the given ports with its
    /// data in <paramref name="location"/>, so a restart finds everything written before. With <paramref name="heapProbe"/>
    /// (the benchmark), <see cref="LiveHeapAsync"/> can ask it for its live heap.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync((int Blob, int Queue, int Table)? ports = null, string? location = null, bool heapProbe = false)
    {
        var (blob, queue, table) = ports ?? (FreePort(), FreePort(), FreePort());
        var azurite = Path.Combine(RepoRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run scripts/test.sh (it runs npm ci).");
        }

        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NODE_OPTIONS"] = $"--max-old-space-size={HeapLimitMiB} --max-semi-space-size={SemiSpaceMiB}";
        var heapFile = heapProbe ? Path.Combine(Path.GetTempPath(), $"azurite-heap-{Guid.NewGuid():N}.json") : null;
        if (heapFile is not null)
        {
            start.Environment["NODE_OPTIONS"] += $" --expose-gc --require {Path.Combine(RepoRoot, "bench", "azurite-heap.cjs")}";
            start.Environment["AZURITE_HEAP_FILE"] = heapFile;
        }
        string[] persistence = location is null ? ["--inMemoryPersistence"] : ["--location", location];
        string[] arguments =
        [
            .. persistence, "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", Port(blob),
            "--queueHost", "127.0.0.1", "--queuePort", Port(queue),
            "--tableHost", "127.0.0.1", "--tablePort", Port(table),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waiting = Stopwatch.StartNew();
        foreach (var port in new[] { blob, queue, table })
        {
            while (!await AcceptsAsync(port))
            {
                if (waiting.Elapsed > TimeSpan.FromSeconds(60) || process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    throw new InvalidOperationException($"Azurite did not listen on port {port}.");
                }

                await Task.Delay(100);
            }
        }

        return new AzuriteProcess(process, $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};"
            + $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;"
            + $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;", new HashSet<int> { blob, queue, table }, heapFile);
    }

    /// <summary>
    /// Azurite's live heap in bytes: it makes one full collection (a pause of up to seconds with a large heap), then
    /// says what is left. Only when started with the heap probe.
    /// </summary>
    public async Task<long> LiveHeapAsync()
    {
        var file = _heapFile ?? throw new InvalidOperationException("Azurite was started without the heap probe.");
        File.Delete(file);
        await SignalAsync("USR2");

        for (var waited = Stopwatch.StartNew(); !File.Exists(file); await Task.Delay(50))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new InvalidOperationException("Azurite did not say its heap.");
            }
        }

        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(file));
        File.Delete(file);
        return json.RootElement.GetProperty("used").GetInt64();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops it as an operator would (SIGTERM): it closes its servers and saves its data, then exits.</summary>
    public async Task StopAsync()
    {
        await SignalAsync("TERM");
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(patience.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        if (_heapFile is not null)
        {
            File.Delete(_heapFile);
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")) && File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (host.json and package.json).");
    }
}
