namespace FosteringWorkflows.Replies;

/// <summary>What providers present when they call us (<c>Inbound:…</c>); Notify's tokens are each council's (<c>Councils:{id}:Messaging:Notify:CallbackToken</c>).</summary>
public sealed class InboundOptions
{
    public const string Section = "Inbound";

    /// <summary>The secret in the Event Grid subscription's URL (<c>/api/acs/events?key=…</c>); unset, the webhook refuses everything.</summary>
    public string? EventGridKey { get; set; }
}
