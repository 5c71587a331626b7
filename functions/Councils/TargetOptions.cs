namespace FosteringWorkflows.Councils;

/// <summary>A council's targets (<c>Councils__hertfordshire__Targets__Enquiries = 25</c>); a monthly target left unset is not reported against.</summary>
public sealed class TargetOptions
{
    /// <summary>Enquiries a month.</summary>
    public int? Enquiries { get; set; }

    /// <summary>Initial visits completed a month.</summary>
    public int? InitialVisits { get; set; }

    /// <summary>Invitations to Skills to Foster training a month.</summary>
    public int? SkillsToFosterInvitations { get; set; }

    /// <summary>Approvals should have taken at most this many days from the application to the assessment's completion.</summary>
    public int ApprovalWithinDays { get; set; } = 90;
}
