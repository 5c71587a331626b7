using FosteringWorkflows.Journeys;
using FosteringWorkflows.Notifications;
using FosteringWorkflows.Records;

namespace FosteringWorkflows.Replies;

/// <summary>
/// Where a text from an applicant goes, whichever provider brought it. It is matched to a journey by the sender's number
/// through the people index, among the journeys of the councils the provider speaks for: the one active journey with that
/// number, else the only journey. On it, <c>STOP</c> (and its usual variants) withdraws consent to texts; anything else is
/// recorded as <c>ApplicantReplied</c> and the team told. A text matching none, or several, is kept for the team
/// (<see cref="UnmatchedTexts"/>), never dropped. The provider's id makes a text told twice record once.
/// </summary>
public sealed class ReplyDesk(RecordKeeper records, JourneyStore store, JourneySteps steps, UnmatchedTexts unmatched)
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT OUT", "STOP TEXTS", "STOP PLEASE", "PLEASE STOP",
    };

    /// <summary>Whether a text asks to stop texts: one of the usual words, in any case, with any punctuation around it.</summary>
    public static bool IsStop(string words) =>
        StopWords.Contains(string.Join(' ', words.ToUpperInvariant().Split((char[])[' ', '\t', '\r', '\n', '.', '!', ',', '-'], StringSplitOptions.RemoveEmptyEntries)));

    /// <param name="text">The text as the provider told it.</param>
    /// <param name="councils">The councils the provider speaks for (null: any).</param>
    /// <param name="keptUnder">The council whose team keeps the text when it matches no journey, or several.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<ReplyOutcome> TakeAsync(InboundText text, IReadOnlySet<string>? councils, string keptUnder, CancellationToken cancellationToken)
    {
        var candidates = new List<Journey>();
        if (PersonKey.ForPhone(text.From) is { } key)
        {
            foreach (var indexed in (await records.FindAsync(key, cancellationToken)).DistinctBy(i => i.JourneyId))
            {
                if (await store.LoadAsync(indexed.JourneyId, LoadDepth.State, cancellationToken: cancellationToken) is { Journey: var journey }
                    && (councils is null || councils.Contains(journey.LocalAuthority)) && journey.Applicant.Phone == text.From)
                {
                    candidates.Add(journey);
                }
            }
        }

        var active = candidates.Where(j => j.Status == JourneyStatus.Active).ToList();
        var chosen = active.Count == 1 ? active[0] : candidates.Count == 1 ? candidates[0] : null;
        if (IsStop(text.Words) && candidates.Count > 1)
        {
            // STOP is about the number, whichever journey it was meant for: no text goes to it again from any of them.
            var busy = false;
            foreach (var journey in candidates)
            {
                var stopped = await steps.ApplicantAsync(journey.Id, null, $"{text.Provider}:{text.ProviderId}", (j, c) => Transitions.StopChannel(j, MessageChannel.Sms, "text", c), cancellationToken);
                busy |= stopped.Outcome == StepOutcome.Busy;
            }

            return new ReplyOutcome(null, true, busy);
        }

        if (chosen is not null)
        {
            var stop = IsStop(text.Words);
            var result = await steps.ApplicantAsync(chosen.Id, null, $"{text.Provider}:{text.ProviderId}", (j, c) =>
            {
                if (stop)
                {
                    Transitions.StopChannel(j, MessageChannel.Sms, "text", c);
                }
                else
                {
                    Transitions.Replied(j, text.Words, "sms", text.ReceivedAt, c);
                }
            }, cancellationToken);
            if (result.IsDone)
            {
                return new ReplyOutcome(chosen.Id, stop);
            }

            if (result.Outcome == StepOutcome.Busy)
            {
                return new ReplyOutcome(chosen.Id, stop, Busy: true);
            }
        }

        await unmatched.KeepAsync(chosen?.LocalAuthority ?? keptUnder, text, [.. candidates.Select(j => j.Id)], cancellationToken);
        return new ReplyOutcome(null, false);
    }
}
