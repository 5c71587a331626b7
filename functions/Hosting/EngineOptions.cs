namespace FosteringWorkflows.Hosting;

/// <summary>The engine's service-wide settings (section "Engine").</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>
    /// How long after a commit a message still not handed to its provider is picked up again. Longer than
    /// Notifications:ClaimLease, so that a dispatcher that died holding a claim has lost it by then.
    /// </summary>
    public TimeSpan DispatchGrace { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Where staff alerts link to; by default the first address the service listens on.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>A link base from the listening addresses (ASPNETCORE_URLS): "http://+:8080" is reached as localhost.</summary>
    public static Uri FromListeningUrls(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:7071";
        var named = first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(named, UriKind.Absolute, out var uri) ? uri : new Uri("http://127.0.0.1:7071");
    }
}
