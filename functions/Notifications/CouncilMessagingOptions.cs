namespace FosteringWorkflows.Notifications;

/// <summary>Each council's providers and their credentials (<c>Councils:{id}:Messaging</c>), keyed by council id.</summary>
public sealed class CouncilMessagingOptions
{
    public const string Section = "Messaging";

    public Dictionary<string, MessagingOptions> Items { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The council's messaging settings; a council that sets none sends through the dev outbox.</summary>
    public MessagingOptions For(string council) => Items.TryGetValue(council, out var messaging) ? messaging : new MessagingOptions();
}
