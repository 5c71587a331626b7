using System.Diagnostics;
using System.Globalization;

namespace FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>
/// The built service run as its own OS process, as <c>dotnet run --project functions</c> would run it, with the sample
/// settings, a storage prefix and the simulated clock; killed with SIGKILL, never shut down politely.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 12, 24, 15, 30, 0, TimeSpan.Zero);

    private readonly Process _process;

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", "dev-officer-key");
    }

    public HttpClient Client { get; }

    public static async Task<ServiceProcess> StartAsync(string storageConnection, string prefix, IDictionary<string, string?>? settings = null)
    {
        var port = AzuriteProcess.FreePort();
        var start = StartInfo(storageConnection, prefix, settings, port);
        var dll = start.ArgumentList[0];
        var process = Process.Start(start) ?? throw new InvalidOperationException("The service did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(process, port);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                if ((await service.Client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        service.Dispose();
        throw new InvalidOperationException($"The service at {dll} did not become healthy.");
    }

    /// <summary>Runs the service binary with a command (such as <c>sweep-once</c>, or <c>restore --from latest</c>: words split at spaces) to its end: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string storageConnection, string prefix, string command, IDictionary<string, string?>? settings = null)
    {
        var start = StartInfo(storageConnection, prefix, settings, AzuriteProcess.FreePort());
        foreach (var word in command.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(word);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The service did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>How the service binary is started: the sample settings, then <paramref name="settings"/>, on <paramref name="port"/>.</summary>
    public static ProcessStartInfo StartInfo(string storageConnection, string prefix, IDictionary<string, string?>? settings, int port)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(AzuriteProcess.RepoRoot, "functions", "bin", configuration, "net10.0", "FosteringWorkflows.Functions.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in FosteringWorkflows.Hosting.HostSettings.ReadValues(Path.Combine(AzuriteProcess.RepoRoot, "local.settings.sample.json")))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["AzureWebJobsStorage"] = storageConnection;
        start.Environment["Storage__Prefix"] = prefix;
        start.Environment["Clock__Mode"] = "Simulated";
        start.Environment["Clock__Start"] = DefaultStart.ToString("O", CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["logging__logLevel__default"] = "Warning";
        start.Environment["logging__logLevel__FosteringWorkflows"] = "Critical";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        Client.Dispose();
    }
}
