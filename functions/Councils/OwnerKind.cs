namespace FosteringWorkflows.Councils;

public enum OwnerKind
{
    /// <summary>A local authority that assesses and approves carers.</summary>
    Council,

    /// <summary>A regional hub's sub-cluster triage team: holds enquiries until a council is chosen.</summary>
    TriageTeam,
}
