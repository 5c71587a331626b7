using System.Text.Json.Serialization;

namespace FosteringWorkflows.Journeys;

/// <summary>Why a journey is with its owner. Written as <c>preference</c>, <c>postcode</c>, <c>triage</c> and <c>reassigned</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RouteReason>))]
public enum RouteReason
{
    /// <summary>The hub named the council the enquirer asked for.</summary>
    [JsonStringEnumMemberName("preference")]
    Preference,

    /// <summary>The enquirer's postcode district is the council's.</summary>
    [JsonStringEnumMemberName("postcode")]
    Postcode,

    /// <summary>Held by the hub's triage team (no preference, no known district), or handed on by it.</summary>
    [JsonStringEnumMemberName("triage")]
    Triage,

    /// <summary>Moved from one council to another.</summary>
    [JsonStringEnumMemberName("reassigned")]
    Reassigned,
}
