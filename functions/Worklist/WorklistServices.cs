using FosteringWorkflows.Audit;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Pages;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Records;

namespace FosteringWorkflows.Worklist;

public static class WorklistServices
{
    /// <summary>The work index the engine writes ahead of each commit (<see cref="IWorkIndex"/>).</summary>
    public static IServiceCollection AddWorklist(this IServiceCollection services)
    {
        services.AddSingleton<WorkIndex>();
        services.AddSingleton<IWorkIndex>(sp => sp.GetRequiredService<WorkIndex>());
        return services;
    }

    /// <summary><c>/work</c>: staff's home page, what to do next for their councils.</summary>
    public static IEndpointRouteBuilder MapWorklist(this IEndpointRouteBuilder app)
    {
        app.MapGet("/work", ShowAsync).RequireAuthorization(StaffPolicies.SignedIn).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(
        HttpContext http, string? council, string? stage, string? clock, string? allocated, string? q, WorkIndex index, RecordKeeper records,
        PolicyBook policies, CouncilDirectory directory, TimeProvider time, CancellationToken ct)
    {
        if (PageResults.NoRole(http, "You cannot see the work list") is { } refused)
        {
            return refused;
        }

        var caller = Caller.From(http.User);
        var councils = directory.Ids.Where(caller.CanSee).ToList();
        var filter = new WorkFilter(
            councils.Contains(council ?? "") ? council : null,
            Enum.TryParse<Stage>(stage, out var s) && Enum.IsDefined(s) ? stage : null,
            Enum.TryParse<ClockName>(clock, out var c) && Enum.IsDefined(c) ? clock : null,
            allocated is WorkFilter.Me or WorkFilter.Nobody ? allocated : null,
            string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, 200)]);
        var items = await index.ReadAsync(filter.Council is { } one ? [one] : councils, ct);
        if (filter.Query is { } query)
        {
            items = await SearchAsync(items, query, records, ct);
        }

        var model = WorklistModel.Build(items, councils, filter, http.User.Identity?.Name ?? "", policies, directory, time.GetUtcNow());
        var owners = items.ToDictionary(i => i.JourneyId, i => i.Council, StringComparer.Ordinal);
        AccessAudit.NoteShown(http, model.Sections.SelectMany(sec => sec.Rows).Select(r => (r.JourneyId, owners[r.JourneyId])).Distinct());
        return PageResults.Show<WorklistView>(http, new { Frame = PageFrame.For(http, "Work list", PageFrame.WorkPath), Model = model });
    }

    /// <summary>
    /// A search: an email or a phone through the people index (hashed, a point read: never a scan of journeys), a reference
    /// by the journey's id, anything else by the applicant's name.
    /// </summary>
    private static async Task<IReadOnlyList<WorkItem>> SearchAsync(IReadOnlyList<WorkItem> items, string query, RecordKeeper records, CancellationToken ct)
    {
        var key = query.Contains('@', StringComparison.Ordinal) ? PersonKey.ForEmail(query)
            : query.Any(char.IsAsciiDigit) && EnquiryValidation.NormalisePhone(query) is { } phone ? PersonKey.ForPhone(phone)
            : null;
        if (key is not null)
        {
            var ids = (await records.FindAsync(key, ct)).Select(e => e.JourneyId).ToHashSet(StringComparer.Ordinal);
            return [.. items.Where(i => ids.Contains(i.JourneyId))];
        }

        return [.. items.Where(i => i.JourneyId.Equals(query, StringComparison.OrdinalIgnoreCase)
            || $"{i.FirstName} {i.LastName}".Contains(query, StringComparison.OrdinalIgnoreCase))];
    }
}
