using FosteringWorkflows.Councils;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Journeys.Pages;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Worklist;

/// <summary>
/// The worklist as a person sees it: every section, most urgent first, for the councils they cover (narrowed by the
/// filter), worked out from the work index's lines and the councils' own calendars and clock units.
/// </summary>
public sealed record WorklistModel(
    IReadOnlyList<FormOption> Councils, WorkFilter Filter, IReadOnlyList<WorkSection> Sections, int Journeys, IReadOnlyList<FormOption> Stages,
    IReadOnlyList<FormOption> Clocks)
{
    /// <summary>How many working days an enquiry or application may sit without a step before it is shown as stalled.</summary>
    public const int StalledAfterWorkingDays = 10;

    /// <summary>Clocks due within this many working days are due soon.</summary>
    public const int DueSoonWorkingDays = 5;

    public static WorklistModel Build(
        IReadOnlyList<WorkItem> items, IReadOnlyList<string> councils, WorkFilter filter, string me, PolicyBook policies, CouncilDirectory directory,
        DateTimeOffset now)
    {
        string Name(string council) => directory.Exists(council) ? directory.Get(council).Name : council;
        CouncilPolicy Policy(string council) => policies.Current(council);
        string Left(WorkItem item, WorkClock clock) =>
            TimeLeft.Describe(clock.DueAt, now, Enum.TryParse<ClockName>(clock.Clock, out var name) && Policy(item.Council).Policy.Clocks.TryGetValue(name, out var rule)
                ? rule.Limit.Unit : SpanUnit.Days, Policy(item.Council).Calendar);
        string Applicant(WorkItem item) => $"{item.FirstName} {item.LastName}";
        string Note(WorkItem item) => string.Join("; ", new[]
        {
            item.AllocatedTo is { } to ? $"Allocated to {(string.Equals(to, me, StringComparison.OrdinalIgnoreCase) ? "you" : to)}" : "Not allocated",
            item.LastAttempt is { } attempt ? $"last call: {Words.Outcome(attempt)}" : null,
            item.Flags.Count > 0 ? string.Join(", ", item.Flags.Select(Words.Flag)) : null,
        }.OfType<string>());

        var shown = items.Where(i => (filter.Stage is null || i.Stage == filter.Stage)
            && (filter.Clock is null || i.Clocks.Any(c => c.Clock == filter.Clock))
            && (filter.Allocated is null || (filter.Allocated == WorkFilter.Me ? string.Equals(i.AllocatedTo, me, StringComparison.OrdinalIgnoreCase)
                : filter.Allocated == WorkFilter.Nobody ? i.AllocatedTo is null : string.Equals(i.AllocatedTo, filter.Allocated, StringComparison.OrdinalIgnoreCase))))
            .ToList();
        var open = shown.SelectMany(i => i.Clocks.Where(c => filter.Clock is null || c.Clock == filter.Clock).Select(c => (Item: i, Clock: c))).ToList();
        var sections = new List<WorkSection>
        {
            new("New enquiries", "First contact", "Due", [.. shown.Where(i => i.Stage == nameof(Stage.Enquiry))
                .Select(i => (Item: i, Clock: i.Clocks.FirstOrDefault(c => c.Clock == nameof(ClockName.EnquiryResponse))))
                .OrderBy(x => x.Clock?.DueAt ?? DateTimeOffset.MaxValue)
                .Select(x => new WorkRow(x.Item.JourneyId, Applicant(x.Item), Name(x.Item.Council), x.Clock is null ? "No clock running" : Left(x.Item, x.Clock),
                    x.Clock is null ? "" : JourneyPageModel.When(Policy(x.Item.Council).Calendar.ToZone(x.Clock.DueAt)), Note(x.Item)))],
                "No new enquiries."),
            new("Overdue", "Clock", "Overdue", [.. open.Where(x => x.Clock.DueAt < now).OrderBy(x => x.Clock.DueAt)
                .Select(x => new WorkRow(x.Item.JourneyId, Applicant(x.Item), Name(x.Item.Council), Words.Clock(x.Clock.Clock), Left(x.Item, x.Clock), Note(x.Item)))],
                "Nothing overdue."),
            new("Due soon", "Clock", "Due", [.. open.Where(x => x.Clock.DueAt >= now
                    && x.Clock.DueAt <= Policy(x.Item.Council).Calendar.EndOfWorkingDaysAfter(now, DueSoonWorkingDays))
                .OrderBy(x => x.Clock.DueAt)
                .Select(x => new WorkRow(x.Item.JourneyId, Applicant(x.Item), Name(x.Item.Council), Words.Clock(x.Clock.Clock),
                    $"{JourneyPageModel.When(Policy(x.Item.Council).Calendar.ToZone(x.Clock.DueAt))} ({Left(x.Item, x.Clock)})", Note(x.Item)))],
                $"Nothing due in the next {DueSoonWorkingDays} working days."),
            new("Stage 1 checks overdue", "Check", "Was due", [.. shown.SelectMany(i => i.Checks.Where(c => c.DueAt < now).Select(c => (Item: i, Check: c)))
                .OrderBy(x => x.Check.DueAt)
                .Select(x => new WorkRow(x.Item.JourneyId, Applicant(x.Item), Name(x.Item.Council), $"{Words.Check(x.Check.Check)} for {x.Check.Person}",
                    JourneyPageModel.Date(Policy(x.Item.Council).Calendar.LocalDate(x.Check.DueAt))))],
                "No Stage 1 check is overdue."),
            new("Panels coming up", "Panel", "Papers", [.. shown.Where(i => i.PanelAt is { } at && at >= now && at <= now.AddDays(42)).OrderBy(i => i.PanelAt)
                .Select(i => new WorkRow(i.JourneyId, Applicant(i), Name(i.Council), JourneyPageModel.When(Policy(i.Council).Calendar.ToZone(i.PanelAt!.Value)),
                    i.PapersSent ? "Sent" : "Not sent yet"))],
                "No panel in the next 6 weeks."),
            new("Stalled", "Stage", "Last step", [.. shown.Where(i => i.Stage is nameof(Stage.Screening) or nameof(Stage.InformationEvent) or nameof(Stage.Application)
                    && i.Clocks.Count == 0 && Policy(i.Council).Calendar.EndOfWorkingDaysAfter(i.LastStepAt, StalledAfterWorkingDays) <= now)
                .OrderBy(i => i.LastStepAt)
                .Select(i => new WorkRow(i.JourneyId, Applicant(i), Name(i.Council), Words.Stage(i.Stage), JourneyPageModel.When(Policy(i.Council).Calendar.ToZone(i.LastStepAt)), Note(i)))],
                $"No journey has waited {StalledAfterWorkingDays} working days without a step."),
        };

        return new WorklistModel(
            [.. councils.Select(c => new FormOption(c, Name(c)))], filter, [.. sections.Select(s => s.Top())], shown.Count,
            [.. Enum.GetNames<Stage>().Select(s => new FormOption(s, Words.Stage(s)))],
            [.. Enum.GetNames<ClockName>().Select(c => new FormOption(c, Words.Clock(c)))]);
    }
}
