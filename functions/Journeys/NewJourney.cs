using FosteringWorkflows.Councils;

namespace FosteringWorkflows.Journeys;

/// <summary>A new enquiry, validated, for <see cref="JourneyEngine.StartAsync"/>.</summary>
/// <summary>
/// A new enquiry, validated, for <see cref="JourneyEngine.StartAsync"/>. A hub's enquiry carries its own id
/// (derived from the hub's enquiry id, so a second delivery collides with the first) and its hand-off.
/// </summary>
public sealed record NewJourney(
    string LocalAuthority,
    string Channel,
    DateTimeOffset ReceivedAt,
    Applicant Applicant,
    Consent Consent,
    string? Id = null,
    HubHandOff? Hub = null,
    BuddyPairing? Buddy = null)
{
    /// <summary>Flags found while validating, such as a phone number that cannot take texts.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>A fingerprint of the request that created it, so a retry with the same key but another body is told apart.</summary>
    public string? RequestHash { get; init; }
}
