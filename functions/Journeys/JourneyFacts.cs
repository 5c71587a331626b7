using System.Globalization;
using FosteringWorkflows.Deadlines;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys;

/// <summary>
/// The facts a journey's state holds, derived from the state alone: the same state always gives the same facts, so a change's
/// new facts are those of the state after it less those of the state before it, and a retried change gives the same keys.
/// </summary>
public static class JourneyFacts
{
    /// <summary>The funnel's steps, in order, with the milestone (and choice) that reaches each.</summary>
    public static readonly IReadOnlyList<(string Step, string Milestone, string? Choice)> FunnelSteps =
    [
        ("Enquiry", "EnquiryReceived", null),
        ("ContactMade", "ContactMade", null),
        ("InitialVisit", "InitialVisitCompleted", null),
        ("Application", "ApplicationReceived", null),
        ("Stage1Complete", "Stage1Completed", nameof(Stage1Outcome.Proceed)),
        ("Panel", "PanelRecommendationMade", null),
        ("Approval", "AgencyDecisionMade", nameof(Recommendation.Approve)),
    ];

    /// <summary>Steps counted for the monthly targets that are not funnel steps.</summary>
    public const string SkillsToFosterStep = "SkillsToFosterInvitation";

    /// <summary>Time in each stage: from one milestone to the next (days).</summary>
    public static readonly IReadOnlyList<(string Stage, string From, string To)> StageSpans =
    [
        ("EnquiryToContact", "EnquiryReceived", "ContactMade"),
        ("ContactToInitialVisit", "ContactMade", "InitialVisitCompleted"),
        ("InitialVisitToApplication", "InitialVisitCompleted", "ApplicationReceived"),
        ("Stage1", "ApplicationReceived", "Stage1Completed"),
        ("Assessment", "AssessmentStarted", "AssessmentCompleted"),
        ("AssessmentToPanel", "AssessmentCompleted", "PanelRecommendationMade"),
        ("PanelToDecision", "PanelRecommendationMade", "AgencyDecisionMade"),
    ];

    /// <summary>Where in the journey a withdrawal happened, as Ofsted's collection groups it.</summary>
    public static string OfstedStage(Stage stage) => stage switch
    {
        // Stage Application waits for the application: a withdrawal there is before it, as its retention says.
        Stage.Enquiry or Stage.Screening or Stage.InformationEvent or Stage.InitialVisit or Stage.ProgressDecision or Stage.Application => "BeforeApplication",
        Stage.Stage1 => "Stage1",
        _ => "Stage2",
    };

    public static readonly IReadOnlyList<string> OfstedStages = ["BeforeApplication", "Stage1", "Stage2"];

    /// <summary>The facts a change produced: those of the state after it that the state before it did not have.</summary>
    public static IReadOnlyList<Fact> Between(IReadOnlyDictionary<string, Fact>? before, Journey after, CouncilPolicy policy)
    {
        var now = Of(after, policy);
        if (before is null)
        {
            return [.. now.Values];
        }

        return [.. now.Values.Where(f => !before.ContainsKey(f.Key)).Concat(Superseded(before, now))];
    }

    public static IReadOnlyDictionary<string, Fact> Of(Journey journey, CouncilPolicy policy)
    {
        var facts = new FactSet(journey, policy);
        facts.Steps();
        facts.StageTimes();
        facts.Outcomes();
        foreach (var d in journey.Deadlines.Values)
        {
            facts.Clock(d);
        }

        return facts.All;
    }

    /// <summary>The facts of one journey's state, gathered kind by kind, each dated by the council's local date.</summary>
    private sealed class FactSet(Journey journey, CouncilPolicy policy)
    {
        public Dictionary<string, Fact> All { get; } = new(StringComparer.Ordinal);

        /// <summary>Each funnel step reached (and, for a hub's enquiry, by its route), and the Skills to Foster invitation.</summary>
        public void Steps()
        {
            var route = journey.Hub?.RouteReason.Wire();
            foreach (var (step, milestone, choice) in FunnelSteps)
            {
                if (Find(milestone, choice) is not { } reached)
                {
                    continue;
                }

                Add($"step:{step}", reached.At, $"step:{step}");
                if (route is not null)
                {
                    Add($"step:{step}:route", reached.At, $"route:{route}:step:{step}");
                }
            }

            if (Find("SkillsToFosterInvited") is { } invited)
            {
                Add($"step:{SkillsToFosterStep}", invited.At, $"step:{SkillsToFosterStep}");
            }
        }

        /// <summary>Time in each stage that has ended, and for an approval the time from application to approval and to assessment.</summary>
        public void StageTimes()
        {
            foreach (var (stage, from, to) in StageSpans)
            {
                var start = Find(from) ?? (stage == "Assessment" ? Find("ApplicationReceived") : null);
                if (start is not null && Find(to) is { } end && end.At >= start.At)
                {
                    Add($"time:{stage}", end.At, $"time:{stage}", Minutes(end.At - start.At));
                }
            }

            if (journey.Status == JourneyStatus.Approved && Find("ApplicationReceived") is { } application && Find("AgencyDecisionMade") is { } decision)
            {
                Add("time:ApplicationToApproval", decision.At, "time:ApplicationToApproval", Minutes(decision.At - application.At));
                if (Find("AssessmentCompleted") is { } assessed)
                {
                    Add("time:ApplicationToAssessment", decision.At, "time:ApplicationToAssessment", Minutes(assessed.At - application.At));
                }
            }
        }

        /// <summary>An application not approved, or a withdrawal at its Ofsted stage with its reason code.</summary>
        public void Outcomes()
        {
            if (journey is { Status: JourneyStatus.NotApproved, BecameApplication: true, EndedAt: { } refused })
            {
                Add("notApproved", refused, "step:NotApproved");
            }

            if (journey.Status == JourneyStatus.Withdrawn && journey.EndedAt is { } withdrawn)
            {
                Add("withdrawn", withdrawn, $"withdrawn:{OfstedStage(journey.Stage)}:{journey.WithdrawalReason ?? "AW0"}");
            }
        }

        /// <summary>A clock started, and how it ended: met (with its elapsed time), late, breached, cancelled, a breach withdrawn.</summary>
        public void Clock(Deadline d)
        {
            var name = d.Clock.ToString();
            var key = $"clock:{name}:{d.StartedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
            var counter = $"clock:{name}";
            var start = d.StartedAt;
            Add($"{key}:started", start, $"{counter}:started");
            if (d.BreachedAt is not null)
            {
                Add($"{key}:breached", start, $"{counter}:breached", breach: new BreachNote(journey.Id, name, d.DueAt, null, key));
            }

            if (d is { State: DeadlineState.Met, MetAt: { } met })
            {
                Add($"{key}:met", start, $"{counter}:met", Elapsed(d, met));
                if (d.BreachedAt is not null)
                {
                    // Stopped at a time before it was due, recorded after the breach was marked: the breach is withdrawn.
                    Add($"{key}:unbreached", start, $"{counter}:unbreached", breach: new BreachNote(journey.Id, name, d.DueAt, met, key), drop: true);
                }
            }
            else if (d is { State: DeadlineState.Breached, MetAt: { } late })
            {
                Add($"{key}:late", start, $"{counter}:late", Elapsed(d, late), new BreachNote(journey.Id, name, d.DueAt, late, key));
            }

            if (d.CancelledAt is { } cancelled)
            {
                Add($"{key}:cancelled", start, $"{counter}:cancelled");
                if (d.State == DeadlineState.Breached)
                {
                    Add($"{key}:cancelledLate", start, $"{counter}:cancelledLate", breach: new BreachNote(journey.Id, name, d.DueAt, cancelled, key, Cancelled: true));
                }
            }
        }

        private void Add(string key, DateTimeOffset at, string counter, long? minutes = null, BreachNote? breach = null, bool drop = false) =>
            All[key] = new Fact(key, policy.Calendar.LocalDate(at), counter, minutes, breach, drop);

        private Milestone? Find(string type, string? choice = null) =>
            journey.Milestones.FirstOrDefault(m => m.Type == type && m.Person is null && (choice is null || m.Detail == choice));

        private long Elapsed(Deadline d, DateTimeOffset stoppedAt) =>
            policy.Policy.Clocks.TryGetValue(d.Clock, out var rule) && rule.Limit.IsWorkingTime
                ? Minutes(policy.Calendar.WorkingTimeBetween(d.StartedAt, stoppedAt))
                : Minutes(stoppedAt - d.StartedAt);
    }

    /// <summary>
    /// A journey routed to another owner (a hub's triage team handing it to a council) takes its figures with it: every fact
    /// of the state before is taken back from the old owner, and every fact of the state after is given to the new one, each
    /// under keys of this routing, so a journey routed back and forth is counted once, where it is.
    /// </summary>
    public static (IReadOnlyList<Fact> Out, IReadOnlyList<Fact> In) Moved(IReadOnlyDictionary<string, Fact> before, Journey after, CouncilPolicy policy)
    {
        var routing = after.Routings.ToString(CultureInfo.InvariantCulture);
        return ([.. before.Values.Select(f => f with { Key = $"{f.Key}:out{routing}", Delta = -1, DropBreach = f.Breach is not null })],
            [.. Of(after, policy).Values.Select(f => f with { Key = $"{f.Key}:in{routing}" })]);
    }

    /// <summary>
    /// A clock instance the state before a change held and the state after it does not (re-timed panel papers): it stops
    /// counting as open.
    /// </summary>
    private static IEnumerable<Fact> Superseded(IReadOnlyDictionary<string, Fact> before, IReadOnlyDictionary<string, Fact> after) =>
        before.Values.Where(f => f.Key.EndsWith(":started", StringComparison.Ordinal) && !after.ContainsKey(f.Key)
                && !before.ContainsKey(f.Key[..^":started".Length] + ":cancelled"))
            .Select(f => f with { Key = f.Key[..^":started".Length] + ":superseded", Counter = f.Counter[..^":started".Length] + ":superseded" });

    private static long Minutes(TimeSpan span) => (long)Math.Round(Math.Max(0, span.TotalMinutes));
}
