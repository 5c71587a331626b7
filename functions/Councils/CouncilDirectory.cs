using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Councils;

/// <summary>The configured councils, read once at start-up (options are validated before the host starts).</summary>
public sealed class CouncilDirectory(IOptions<CouncilsOptions> options)
{
    private readonly Dictionary<string, CouncilOptions> _councils = options.Value.Items;

    public IEnumerable<string> Ids => _councils.Keys.Order(StringComparer.Ordinal);

    public bool Exists(string? id) => id is not null && _councils.ContainsKey(id);

    public CouncilOptions Get(string id) =>
        _councils.TryGetValue(id, out var council) ? council : throw new KeyNotFoundException($"Unknown council '{id}'.");

    public TimeZoneInfo ZoneOf(string id) => TimeZoneInfo.FindSystemTimeZoneById(Get(id).Policy.TimeZone);
}
