namespace FosteringWorkflows.Councils;

public sealed class CouncilOptions
{
    public string Name { get; set; } = "";

    public OwnerKind Kind { get; set; } = OwnerKind.Council;

    /// <summary>Postcode districts routed here by a hub: "PO1-PO6,PO8" (a range stays within one area).</summary>
    public string PostcodeDistricts { get; set; } = "";

    /// <summary>Experienced carers who befriend new enquirers, each with how many at once.</summary>
    public List<BuddyOptions> Buddies { get; } = [];

    /// <summary>The recruitment team's shared mailbox: warnings and breach alerts go here.</summary>
    public string TeamEmail { get; set; } = "";

    /// <summary>The team manager: escalations go here.</summary>
    public string ManagerEmail { get; set; } = "";

    /// <summary>The number applicants are given to call.</summary>
    public string ContactPhone { get; set; } = "";

    /// <summary>The regional hub sub-cluster the council belongs to, if any.</summary>
    public string? SubCluster { get; set; }

    // A council's service levels (Councils:{id}:Policy) and its messaging (Councils:{id}:Messaging) are bound and validated
    // by the features they belong to: Policies (CouncilPolicyOptions) and Notifications (CouncilMessagingOptions).

    /// <summary>What the council's managers are held to: monthly counts and the share of approvals within a time.</summary>
    public TargetOptions Targets { get; set; } = new();
}
