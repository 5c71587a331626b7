namespace FosteringWorkflows.Journeys;

public enum JourneyEventType
{
    ContactMade,
    ScreeningCompleted,
    InitialVisitBooked,
    InitialVisitCompleted,
    ProgressDecided,
    ApplicationReceived,
    CheckCompleted,
    Stage1Completed,
    AssessmentStarted,
    PanelDateSet,
    AssessmentCompleted,
    PanelRecommendationMade,
    AgencyDecisionMade,
    PanelPapersSent,
    Stage1InformationComplete,
    PanelMinutesReceived,
    QualifyingDetermination,
    RepresentationsReceived,
    IrmRequested,
    IrmRecommendationMade,
    HouseholdMemberAdded,
    CheckNotApplicable,
    SkillsToFosterInvited,
}
