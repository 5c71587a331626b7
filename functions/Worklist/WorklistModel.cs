using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Journeys.Pages;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Worklist;

/// <summary>
/// The worklist as a person sees it: every section, most urgent first, for the councils they cover (narrowed by the
/// filter), each section one range read of the work index per council; or, for a search, the journeys found.
/// </summary>
public sealed record WorklistModel(
    IReadOnlyList<FormOption> Councils, WorkFilter Filter, IReadOnlyList<WorkSection> Sections, IReadOnlyList<FormOption> Stages,
    IReadOnlyList<FormOption> Clocks)
{
    /// <summary>Clocks due within this many working days are due soon.</summary>
    public const int DueSoonWorkingDays = 5;

    /// <summary>Panels this many days ahead are coming up.</summary>
    public const int PanelsAheadDays = 42;

    /// <summary>The sections, each read from the index: the first <see cref="WorkSection.Shown"/> lines of a range of due times.</summary>
    public static async Task<WorklistModel> ReadAsync(
        WorkIndex index, IReadOnlyList<string> councils, WorkFilter filter, string me, PolicyBook policies, CouncilDirectory directory, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var words = new Wording(directory, policies, me, now);
        IReadOnlyList<string> read = filter.Council is { } one ? [one] : councils;
        Task<WorkSlice> Section(WorkKind kind, Func<string, (DateTimeOffset?, DateTimeOffset?)> range) =>
            index.SectionAsync(read, kind, range, filter, me, WorkSection.Shown, cancellationToken);

        // New enquiries: every first-contact clock (it runs only at the enquiry stage), soonest due first.
        var enquiries = filter.Clock is null or nameof(ClockName.EnquiryResponse)
            ? index.SectionAsync(read, WorkKind.Clock, _ => (null, null), filter with { Clock = nameof(ClockName.EnquiryResponse) }, me, WorkSection.Shown, cancellationToken)
            : Task.FromResult(new WorkSlice([], false));
        var overdue = Section(WorkKind.Clock, _ => (null, now));
        var dueSoon = Section(WorkKind.Clock, c => (now, policies.Current(c).Calendar.EndOfWorkingDaysAfter(now, DueSoonWorkingDays).AddTicks(1)));
        var checks = Section(WorkKind.Checks, _ => (null, now));
        var panels = Section(WorkKind.Panel, _ => (now, now.AddDays(PanelsAheadDays).AddTicks(1)));
        var stalled = Section(WorkKind.Stall, _ => (null, now.AddTicks(1)));
        var waiting = Section(WorkKind.Attention, _ => (null, null));
        await Task.WhenAll(enquiries, overdue, dueSoon, checks, panels, stalled, waiting);

        var sections = new List<WorkSection>
        {
            new("Applicants waiting for you", "What", "Since", [.. waiting.Result.Lines.Select(l =>
                    words.Row(l.Item, string.Join(", ", l.Item.Flags.Where(WorkflowContext.IsAttentionFlag).Select(Words.Flag)), words.When(l.Item, l.Entry.At!.Value), words.Note(l.Item)))],
                "No applicant is waiting: no call asked for, no reply unread, no one we cannot reach.", waiting.Result.More),
            new("New enquiries", "First contact", "Due", [.. enquiries.Result.Lines.Select(l =>
                    words.Row(l.Item, words.Left(l.Item, nameof(ClockName.EnquiryResponse), l.Entry.At!.Value), words.When(l.Item, l.Entry.At!.Value), words.Note(l.Item)))],
                "No new enquiries.", enquiries.Result.More),
            new("Overdue", "Clock", "Overdue", [.. overdue.Result.Lines.Select(l =>
                    words.Row(l.Item, Words.Clock(l.Entry.Clock!), words.Left(l.Item, l.Entry.Clock!, l.Entry.At!.Value), words.Note(l.Item)))],
                "Nothing overdue.", overdue.Result.More),
            new("Due soon", "Clock", "Due", [.. dueSoon.Result.Lines.Select(l => words.Row(l.Item, Words.Clock(l.Entry.Clock!),
                    $"{words.When(l.Item, l.Entry.At!.Value)} ({words.Left(l.Item, l.Entry.Clock!, l.Entry.At!.Value)})", words.Note(l.Item)))],
                $"Nothing due in the next {DueSoonWorkingDays} working days.", dueSoon.Result.More),
            new("Stage 1 checks overdue", "Check", "Was due", [.. checks.Result.Lines.SelectMany(l => (l.Entry.Checks ?? []).Select(c =>
                    words.Row(l.Item, $"{Words.Check(c.Check)} for {c.Person}", words.Date(l.Item, c.DueAt))))],
                "No Stage 1 check is overdue.", checks.Result.More),
            new("Panels coming up", "Panel", "Papers", [.. panels.Result.Lines.Select(l =>
                    words.Row(l.Item, words.When(l.Item, l.Entry.At!.Value), l.Item.PapersSent ? "Sent" : "Not sent yet"))],
                $"No panel in the next {PanelsAheadDays / 7} weeks.", panels.Result.More),
            new("Stalled", "Stage", "Last step", [.. stalled.Result.Lines.Select(l =>
                    words.Row(l.Item, Words.Stage(l.Item.Stage), words.When(l.Item, l.Item.LastStepAt), words.Note(l.Item)))],
                $"No journey has waited {WorkflowContext.StalledAfterWorkingDays} working days without a step.", stalled.Result.More),
        };
        return Of(councils, filter, sections, words);
    }

    /// <summary>A search's journeys (found by the people index, their reference or their name), narrowed by the filter, soonest due first.</summary>
    public static WorklistModel Found(
        IReadOnlyList<WorkItem> items, IReadOnlyList<string> councils, WorkFilter filter, string me, PolicyBook policies, CouncilDirectory directory, DateTimeOffset now)
    {
        var words = new Wording(directory, policies, me, now);
        var found = items.Where(i => (filter.Council is null || i.Council == filter.Council) && (filter.Stage is null || i.Stage == filter.Stage)
                && (filter.Clock is null || i.Clocks.Any(c => c.Clock == filter.Clock))
                && (filter.Allocated is null || string.Equals(i.AllocatedTo ?? "", filter.Allocated switch { WorkFilter.Me => me, WorkFilter.Nobody => "", var to => to },
                    StringComparison.OrdinalIgnoreCase)))
            .Select(i => (Item: i, Next: i.Clocks.OrderBy(c => c.DueAt).FirstOrDefault()))
            .OrderBy(x => x.Next?.DueAt ?? DateTimeOffset.MaxValue).ThenBy(x => x.Item.LastName, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var section = new WorkSection($"Journeys matching ‘{filter.Query}’", "Stage", "Next due",
            [.. found.Take(WorkSection.Shown).Select(x => words.Row(x.Item, Words.Stage(x.Item.Stage),
                x.Next is { } next ? $"{Words.Clock(next.Clock)}: {words.When(x.Item, next.DueAt)} ({words.Left(x.Item, next.Clock, next.DueAt)})" : "No clock running",
                words.Note(x.Item)))],
            "No active journey of yours matches. Search by a name, an email address, a phone number or a reference.", found.Count > WorkSection.Shown);
        return Of(councils, filter, [section], words);
    }

    private static WorklistModel Of(IReadOnlyList<string> councils, WorkFilter filter, IReadOnlyList<WorkSection> sections, Wording words) => new(
        [.. councils.Select(c => new FormOption(c, words.Council(c)))], filter, sections,
        [.. Enum.GetNames<Stage>().Select(s => new FormOption(s, Words.Stage(s)))],
        [.. Enum.GetNames<ClockName>().Select(c => new FormOption(c, Words.Clock(c)))]);

    /// <summary>How a line reads: the applicant, their council by name, times in the council's zone and clock units, who has it.</summary>
    private sealed class Wording(CouncilDirectory directory, PolicyBook policies, string me, DateTimeOffset now)
    {
        public string Council(string council) => directory.Exists(council) ? directory.Get(council).Name : council;

        public WorkRow Row(WorkItem item, string what, string when, string? note = null) =>
            new(item.JourneyId, item.Council, $"{item.FirstName} {item.LastName}", Council(item.Council), what, when, note);

        public string Left(WorkItem item, string clock, DateTimeOffset due)
        {
            var policy = policies.Current(item.Council);
            return TimeLeft.Describe(due, now, Enum.TryParse<ClockName>(clock, out var name) && policy.Policy.Clocks.TryGetValue(name, out var rule)
                ? rule.Limit.Unit : SpanUnit.Days, policy.Calendar);
        }

        public string When(WorkItem item, DateTimeOffset at) => JourneyPageModel.When(policies.Current(item.Council).Calendar.ToZone(at));

        public string Date(WorkItem item, DateTimeOffset at) => JourneyPageModel.Date(policies.Current(item.Council).Calendar.LocalDate(at));

        public string Note(WorkItem item) => string.Join("; ", new[]
        {
            item.AllocatedTo is { } to ? $"Allocated to {(string.Equals(to, me, StringComparison.OrdinalIgnoreCase) ? "you" : to)}" : "Not allocated",
            item.LastAttempt is { } attempt ? $"last call: {Words.Outcome(attempt)}" : null,
            item.Flags.Count > 0 ? string.Join(", ", item.Flags.Select(Words.Flag)) : null,
        }.OfType<string>());
    }
}
