using FosteringWorkflows.Journeys;

namespace FosteringWorkflows.Worklist;

/// <summary>
/// One row of a journey in its council's work index, placed by <see cref="Key"/> so each section of the worklist (and the
/// journey list by due time) is one range read: what it is (<see cref="Kind"/>), when, and the clock or checks it is about;
/// <see cref="Next"/> marks a journey's next clock (or its clock row with none running).
/// </summary>
public sealed record WorkEntry(
    WorkKind Kind, DateTimeOffset? At, string JourneyId, string? Clock = null, IReadOnlyList<WorkCheck>? Checks = null, string? Token = null, bool Next = false)
{
    /// <summary>The time in the key of an entry with none (a journey with no clock running, in the list by due time): after every time.</summary>
    public const string Never = "9999999999999999999";

    public string Key => Kind switch
    {
        WorkKind.Journey => Prefix(Kind) + JourneyId,
        WorkKind.Clock => $"{Prefix(Kind)}{Ticks(At)}~{JourneyId}~{Clock}",
        WorkKind.Name => $"{Prefix(Kind)}{Token}~{JourneyId}",
        _ => $"{Prefix(Kind)}{Ticks(At)}~{JourneyId}",
    };

    /// <summary>
    /// The entry a key of this kind places (<see cref="Key"/> read back): its time, its journey, and its clock or word; what
    /// only its row holds (the checks) is not in it.
    /// </summary>
    public static WorkEntry FromKey(WorkKind kind, string key)
    {
        var parts = key[Prefix(kind).Length..].Split('~');
        return kind switch
        {
            WorkKind.Journey => new WorkEntry(kind, null, parts[0]),
            WorkKind.Name => new WorkEntry(kind, null, parts[1], Token: parts[0]),
            _ => new WorkEntry(kind, parts[0] == Never ? null : new DateTimeOffset(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero),
                parts[1], kind == WorkKind.Clock && parts[2].Length > 0 ? parts[2] : null),
        };
    }

    /// <summary>What every key of a kind starts with (<c>a~</c>, <c>k~</c>, …).</summary>
    public static string Prefix(WorkKind kind) => kind switch
    {
        WorkKind.Journey => "j~",
        WorkKind.Clock => "a~",
        WorkKind.Checks => "k~",
        WorkKind.Panel => "p~",
        WorkKind.Stall => "s~",
        WorkKind.Attention => "r~",
        _ => "m~",
    };

    /// <summary>An instant as it sorts in a key: UTC ticks, 19 digits (or <see cref="Never"/>).</summary>
    public static string Ticks(DateTimeOffset? at) => at is { } t ? t.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) : Never;
}
