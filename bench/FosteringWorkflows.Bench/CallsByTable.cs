using System.Collections.Concurrent;
using System.Globalization;

/// <summary>
/// Storage requests counted by table or queue (the first segment of the path, with the storage prefix and any key left
/// out), from the moment it is made or reset until taken.
/// </summary>
internal sealed class CallsByTable : IDisposable
{
    private readonly ConcurrentDictionary<string, int> _byKind = new(StringComparer.Ordinal);
    private readonly RequestWatch _watch;

    public CallsByTable(IReadOnlySet<int> ports, string prefix) => _watch = new RequestWatch(ports, path =>
    {
        var name = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? "(account)";
        name = name.Split('(')[0];
        name = name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? name[prefix.Length..] : name;
        _byKind.AddOrUpdate(name.Length == 0 ? "(account)" : name, 1, (_, n) => n + 1);
    });

    public void Reset() => _byKind.Clear();

    /// <summary>The counts so far, and stops counting.</summary>
    public Dictionary<string, int> Take()
    {
        _watch.Stop();
        return new Dictionary<string, int>(_byKind, StringComparer.Ordinal);
    }

    /// <summary>"Timers 4, journey-work 2, …", the most called first.</summary>
    public static string Describe(IReadOnlyDictionary<string, int> byKind) =>
        string.Join(", ", byKind.OrderByDescending(k => k.Value).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value}")));

    public void Dispose() => _watch.Dispose();
}
