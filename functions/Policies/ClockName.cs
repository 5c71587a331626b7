namespace FosteringWorkflows.Policies;

/// <summary>The service-level clocks of a journey (<c>../shared/domain.md</c>).</summary>
public enum ClockName
{
    EnquiryResponse,
    InitialVisit,
    ProgressDecision,
    Stage1,
    FormF,
    AgencyDecision,

    /// <summary>NMS 14.4: the panel's recommendation within 8 months of the application.</summary>
    Panel,

    /// <summary>NMS 14: panel papers with members at least 5 working days before the panel date.</summary>
    PanelPapers,

    /// <summary>Fostering regulations: a Stage 1 "unsuitable" notice within 10 working days of all Stage 1 information being in.</summary>
    Stage1Notice,

    /// <summary>Statutory guidance: the agency decision within 7 working days of the panel's final minutes (councils that choose it).</summary>
    AgencyDecisionFromMinutes,
}
