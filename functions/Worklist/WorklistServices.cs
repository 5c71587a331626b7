using FosteringWorkflows.Audit;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Pages;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Records;
using FosteringWorkflows.Replies;
using Microsoft.AspNetCore.Antiforgery;

namespace FosteringWorkflows.Worklist;

public static class WorklistServices
{
    /// <summary>The work index the engine writes ahead of each commit (<see cref="IWorkIndex"/>), and the watcher that tells teams of stalled journeys.</summary>
    public static IServiceCollection AddWorklist(this IServiceCollection services)
    {
        services.AddSingleton<WorkIndex>();
        services.AddSingleton<IWorkIndex>(sp => sp.GetRequiredService<WorkIndex>());
        services.AddOptions<WorklistOptions>().BindConfiguration(WorklistOptions.Section);
        services.AddSingleton<StallWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<StallWatcher>());
        return services;
    }

    /// <summary><c>/work</c>: staff's home page, what to do next for their councils.</summary>
    public static IEndpointRouteBuilder MapWorklist(this IEndpointRouteBuilder app)
    {
        app.MapGet("/work", ShowAsync).RequireAuthorization(StaffPolicies.SignedIn).ExcludeFromDescription();
        app.MapPost("/work/texts/done", TextDoneAsync).RequireAuthorization(StaffPolicies.SignedIn).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    /// <summary>A text the team has dealt with leaves the list: only one of the person's councils (or, for all councils, one kept under none).</summary>
    private static async Task<IResult> TextDoneAsync(HttpContext http, IAntiforgery antiforgery, UnmatchedTexts texts, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return PageResults.Message(http, StatusCodes.Status400BadRequest, "Form not accepted", "This form could not be accepted",
                ["It was sent without the security token the service gave it, so nothing was changed. Open the work list and try again."], PageFrame.WorkPath, "Back to the work list");
        }

        if (PageResults.NoRole(http, "You cannot see the work list") is { } refused)
        {
            return refused;
        }

        var form = await http.Request.ReadFormAsync(ct);
        var council = form["council"].ToString();
        var caller = Caller.From(http.User);
        if (caller.CanSee(council) && (council != UnmatchedTexts.NoCouncil || caller.AllCouncils))
        {
            AccessAudit.Note(http, council: council == UnmatchedTexts.NoCouncil ? null : council);
            await texts.DoneAsync(council, form["key"].ToString(), ct);
        }

        return Journeys.Pages.JourneyPages.SeeOther(http, PageFrame.WorkPath);
    }

    private static async Task<IResult> ShowAsync(
        HttpContext http, string? council, string? stage, string? clock, string? allocated, string? q, WorkIndex index, RecordKeeper records,
        UnmatchedTexts texts, PolicyBook policies, CouncilDirectory directory, TimeProvider time, CancellationToken ct)
    {
        if (PageResults.NoRole(http, "You cannot see the work list") is { } refused)
        {
            return refused;
        }

        var caller = Caller.From(http.User);
        var councils = directory.Ids.Where(caller.CanSee).ToList();
        var filter = new WorkFilter(
            councils.Contains(council ?? "") ? council : null,
            Enum.GetNames<Stage>().Contains(stage, StringComparer.Ordinal) ? stage : null,
            Enum.GetNames<ClockName>().Contains(clock, StringComparer.Ordinal) ? clock : null,
            allocated is WorkFilter.Me or WorkFilter.Nobody ? allocated : null,
            string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, 200)]);
        var me = http.User.Identity?.Name ?? "";
        var model = filter.Query is { } query
            ? WorklistModel.Found(await SearchAsync(index, filter.Council is { } one ? [one] : councils, query, records, ct), councils, filter, me, policies, directory,
                time.GetUtcNow())
            : await WorklistModel.ReadAsync(index, councils, filter, me, policies, directory, time.GetUtcNow(), ct);
        AccessAudit.NoteShown(http, model.Sections.SelectMany(sec => sec.Rows).Select(r => (r.JourneyId, r.CouncilId)).Distinct());
        var unmatched = filter.Query is null ? await texts.ListAsync(filter.Council is { } only ? [only] : councils, caller.AllCouncils && filter.Council is null, WorkSection.Shown, ct) : [];
        return PageResults.Show<WorklistView>(http, new { Frame = PageFrame.For(http, "Work list", PageFrame.WorkPath), Model = model, Texts = unmatched });
    }

    /// <summary>
    /// A search: an email or a phone through the people index (hashed, a point read: never a scan of journeys), a reference
    /// by the journey's own row in the index, anything else by the words of the applicant's name (a range read of the
    /// index's name rows); only journeys of <paramref name="councils"/>, and only active ones (the index holds no other).
    /// </summary>
    private static async Task<IReadOnlyList<WorkItem>> SearchAsync(
        WorkIndex index, IReadOnlyList<string> councils, string query, RecordKeeper records, CancellationToken ct)
    {
        var key = query.Contains('@', StringComparison.Ordinal) ? PersonKey.ForEmail(query)
            : query.Any(char.IsAsciiDigit) && EnquiryValidation.NormalisePhone(query) is { } phone ? PersonKey.ForPhone(phone)
            : null;
        if (key is not null)
        {
            return await index.LinesAsync((await records.FindAsync(key, ct)).Where(e => councils.Contains(e.Council)).Select(e => (e.Council, e.JourneyId)), WorkSection.Shown, ct);
        }

        if (AccessAudit.IsJourneyId(query.ToLowerInvariant()))
        {
            var byReference = await index.LinesAsync(councils.Select(c => (c, query.ToLowerInvariant())), WorkSection.Shown, ct);
            if (byReference.Count > 0)
            {
                return byReference;
            }
        }

        return await index.FindByNameAsync(councils, query, ct);
    }
}
