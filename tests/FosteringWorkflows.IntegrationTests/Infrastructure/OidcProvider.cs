using System.Diagnostics;

namespace FosteringWorkflows.IntegrationTests.Infrastructure;

/// <summary>
/// The loopback OpenID Connect provider (<c>scripts/oidc-provider.mjs</c>, oauth2-mock-server) as its own process on a free
/// port: a real provider the service signs in through, with a sign-in page naming the sample staff.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    private readonly Process _process;

    private OidcProvider(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The service's settings that point its sign-in at this provider.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AzureAd:Instance"] = $"http://127.0.0.1:{Port}/",
    };

    /// <summary>
    /// Starts a provider with a signing key of its own, on a free port or on <paramref name="port"/>; with
    /// <paramref name="clientAssertion"/>, its token endpoint takes that signed assertion as the client's only proof.
    /// </summary>
    public static async Task<OidcProvider> StartAsync(int? port = null, string? clientAssertion = null)
    {
        port ??= AzuriteProcess.FreePort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(AzuriteProcess.RepoRoot, "scripts", "oidc-provider.mjs"), port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            WorkingDirectory = AzuriteProcess.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (clientAssertion is not null)
        {
            start.Environment["OIDC_CLIENT_ASSERTION"] = clientAssertion;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("listening", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var provider = new OidcProvider(process, port.Value);
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(30))) != ready.Task)
        {
            await provider.DisposeAsync();
            throw new InvalidOperationException($"The OpenID Connect provider did not start: {errors}");
        }

        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
