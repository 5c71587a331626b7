namespace FosteringWorkflows.Hub;

public sealed class HubOptions
{
    public string Name { get; set; } = "";

    /// <summary>The shared secrets; two at once while a secret is rotated.</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>The triage team (a configured owner of kind TriageTeam) that holds enquiries no council can take yet.</summary>
    public string TriageTeam { get; set; } = "";

    public int RequestsPerMinute { get; set; } = 600;
}
