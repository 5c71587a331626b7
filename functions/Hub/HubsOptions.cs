namespace FosteringWorkflows.Hub;

/// <summary>The regional hubs allowed to hand enquiries over (<c>Hubs__south-east__Secrets__0</c>, ...).</summary>
public sealed class HubsOptions
{
    public const string Section = "Hubs";

    public Dictionary<string, HubOptions> Items { get; } = new(StringComparer.OrdinalIgnoreCase);
}
