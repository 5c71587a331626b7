namespace FosteringWorkflows.Replies;

/// <summary>
/// A text an applicant sent, as a provider told us of it: the provider and its id for the message (what makes a callback
/// delivered twice record once), the sender's number in E.164, the number it was sent to, its words and when it arrived.
/// </summary>
public sealed record InboundText(string Provider, string ProviderId, string From, string To, string Words, DateTimeOffset ReceivedAt)
{
    /// <summary>At most this many characters of a text are kept (a long text is many parts; this is far past any reply).</summary>
    public const int MaxWords = 2000;
}
