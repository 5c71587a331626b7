namespace FosteringWorkflows.Councils;

/// <summary>The councils this service runs, keyed by id (<c>Councils__hertfordshire__Name</c>).</summary>
public sealed class CouncilsOptions
{
    public const string Section = "Councils";

    public Dictionary<string, CouncilOptions> Items { get; } = new(StringComparer.OrdinalIgnoreCase);
}
