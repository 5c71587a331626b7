namespace FosteringWorkflows.Journeys;

public static class RouteReasons
{
    /// <summary>The reason as answers, history, figures and the archive name it.</summary>
    public static string Wire(this RouteReason reason) => reason switch
    {
        RouteReason.Preference => "preference",
        RouteReason.Postcode => "postcode",
        RouteReason.Triage => "triage",
        _ => "reassigned",
    };
}
