namespace FosteringWorkflows.Replies;

/// <summary>A text that matched no journey, or several, kept for the team: its key (to mark it dealt with), sender, words, when, and the journeys it could be.</summary>
public sealed record UnmatchedText(string Council, string Key, string From, string Words, DateTimeOffset ReceivedAt, IReadOnlyList<string> Candidates);
