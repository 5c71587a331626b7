namespace FosteringWorkflows.Journeys;

/// <summary>What screening decided (<c>ScreeningCompleted</c>'s <c>nextStep</c>).</summary>
public enum ScreeningNextStep
{
    InitialVisit,
    InformationEvent,
    Close,
}
