namespace FosteringWorkflows.Policies;

/// <summary>Each council's service levels (<c>Councils:{id}:Policy</c>), keyed by council id; a council that sets none has the defaults.</summary>
public sealed class CouncilPolicyOptions
{
    public const string Section = "Policy";

    public Dictionary<string, PolicyOptions> Items { get; } = new(StringComparer.OrdinalIgnoreCase);

    public PolicyOptions For(string council) => Items.TryGetValue(council, out var policy) ? policy : new PolicyOptions();
}
