using System.Globalization;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Journeys.Pages;

/// <summary>Everything the journey page shows, worked out here so the page itself only lays it out.</summary>
public sealed record JourneyPageModel(
    JourneyResponse Journey, string CouncilName, CouncilOptions Council, IReadOnlyList<ClockRow> Clocks, IReadOnlyList<StepForm> Steps,
    string? Done, IReadOnlyDictionary<string, string> People)
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    public static JourneyPageModel Build(
        Journey journey, List<HistoryEntry> history, CouncilPolicy policy, CouncilDirectory councils, DateTimeOffset now, string? done, bool admin)
    {
        var zone = policy.Calendar.Week.Zone;
        var response = journey.ToResponse(history, zone, Household.Checks(journey, policy), now);
        var clocks = response.Deadlines.Select(d =>
        {
            var open = d.State is "Pending" or "Warned" || (d.State == "Breached" && d.MetAt is null && d.CancelledAt is null);
            var unit = Enum.TryParse<ClockName>(d.Clock, out var name) && policy.Policy.Clocks.TryGetValue(name, out var rule) ? rule.Limit.Unit : SpanUnit.Days;
            return new ClockRow(Words.Clock(d.Clock), Words.ClockState(d.State), When(d.DueAt),
                open ? TimeLeft.Describe(d.DueAt, now, unit, policy.Calendar) : d.MetAt is { } met ? $"met {When(met)}" : null,
                open && d.DueAt < now);
        }).ToList();
        var owner = councils.Exists(journey.LocalAuthority) ? councils.Get(journey.LocalAuthority) : new CouncilOptions { Name = journey.LocalAuthority };
        var doneText = done is not null && StepCatalogue.Known(done) is { } step ? $"{step.Done}: recorded." : null;
        var people = Household.PersonIds(journey).ToDictionary(p => p, p => StepCatalogue.PersonName(journey, p), StringComparer.Ordinal);
        return new JourneyPageModel(response, owner.Name, owner, clocks, StepCatalogue.Offered(journey, councils, admin), doneText, people);
    }

    /// <summary>An instant as people read it, in the council's zone (the response already carries that offset).</summary>
    public static string When(DateTimeOffset at) => at.ToString("d MMMM yyyy, HH:mm", EnGb);

    public static string When(DateTimeOffset? at) => at is { } a ? When(a) : "";

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", EnGb);
}
