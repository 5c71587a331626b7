namespace FosteringWorkflows.Records;

/// <summary>Why a journey's records went: its retention period ended, or the person asked for them to be erased.</summary>
public enum PurgeReason
{
    Retention,
    Erasure,
}
