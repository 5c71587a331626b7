using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Councils;

/// <summary>The configured councils and triage teams, read once at start-up (options are validated before the host starts).</summary>
public sealed class CouncilDirectory
{
    private readonly Dictionary<string, CouncilOptions> _councils;
    private readonly FrozenDictionary<string, string> _byDistrict;

    public CouncilDirectory(IOptions<CouncilsOptions> options)
    {
        _councils = options.Value.Items;
        _byDistrict = _councils
            .SelectMany(c => PostcodeDistricts.TryExpand(c.Value.PostcodeDistricts, out var districts) ? districts.Select(d => (d, c.Key)) : [])
            .ToFrozenDictionary(x => x.d, x => x.Key, StringComparer.Ordinal);
    }

    public IEnumerable<string> Ids => _councils.Keys.Order(StringComparer.Ordinal);

    /// <summary>
    /// The id as configured, whatever the caller's spelling ("HERTFORDSHIRE" is hertfordshire): stored journeys, list
    /// filters and policy versions all use this one spelling. Null for an id that names no owner.
    /// </summary>
    public string? Canonical(string? id) =>
        id is null ? null : _councils.Keys.FirstOrDefault(k => string.Equals(k, id, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<string> TriageTeams => Ids.Where(id => _councils[id].Kind == OwnerKind.TriageTeam);

    public bool Exists(string? id) => id is not null && _councils.ContainsKey(id);

    /// <summary>A council that takes applicants (not a triage team).</summary>
    public bool IsCouncil(string? id) => id is not null && _councils.TryGetValue(id, out var c) && c.Kind == OwnerKind.Council;

    public CouncilOptions Get(string id) =>
        _councils.TryGetValue(id, out var council) ? council : throw new KeyNotFoundException($"Unknown council '{id}'.");

    /// <summary>The council a postcode district is routed to, from the councils' PostcodeDistricts.</summary>
    public string? ForDistrict(string district) => _byDistrict.GetValueOrDefault(district);
}
