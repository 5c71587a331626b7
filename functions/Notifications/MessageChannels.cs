namespace FosteringWorkflows.Notifications;

public static class MessageChannels
{
    /// <summary>The channel as rows, answers and GOV.UK Notify name it.</summary>
    public static string Wire(this MessageChannel channel) => channel switch
    {
        MessageChannel.Sms => "sms",
        MessageChannel.Email => "email",
        _ => "teams",
    };

    /// <summary>A stored channel's name read back.</summary>
    public static MessageChannel Parse(string wire) => wire switch
    {
        "sms" => MessageChannel.Sms,
        "email" => MessageChannel.Email,
        "teams" => MessageChannel.Teams,
        _ => throw new FormatException($"'{wire}' is not a message channel."),
    };

    /// <summary>An applicant's preferred channel as the API takes it (<c>sms</c> or <c>email</c>), if it is one.</summary>
    public static MessageChannel? Preferred(string? wire) =>
        string.Equals(wire, "sms", StringComparison.OrdinalIgnoreCase) ? MessageChannel.Sms
        : string.Equals(wire, "email", StringComparison.OrdinalIgnoreCase) ? MessageChannel.Email
        : null;
}
