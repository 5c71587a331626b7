using FosteringWorkflows.Notifications;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>What one command changed, for the store to write atomically.</summary>
public sealed class PendingChanges
{
    public List<HistoryEntry> History { get; } = [];

    public HashSet<ClockName> Deadlines { get; } = [];

    public HashSet<NudgeName> Nudges { get; } = [];

    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Stored messages whose delivery state changes with this command (a delivery receipt).</summary>
    public List<OutboxMessage> MessageUpdates { get; } = [];

    /// <summary>The clocks' alerts raised by this command, for the metrics once it is stored.</summary>
    public List<(ClockName Clock, ClockAlert Alert)> ClockAlerts { get; } = [];

    public bool StateChanged { get; set; }

    public bool Any => StateChanged || History.Count > 0 || Deadlines.Count > 0 || Nudges.Count > 0 || Outbox.Count > 0 || MessageUpdates.Count > 0;
}
