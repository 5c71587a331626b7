using System.Text.Json.Serialization;

namespace FosteringWorkflows.Notifications;

/// <summary>How a message travels. Written as <c>sms</c>, <c>email</c> and <c>teams</c> wherever it is stored or answered.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageChannel>))]
public enum MessageChannel
{
    [JsonStringEnumMemberName("sms")]
    Sms,

    [JsonStringEnumMemberName("email")]
    Email,

    [JsonStringEnumMemberName("teams")]
    Teams,
}
