using FosteringWorkflows.Notifications;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Pages;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Records;

/// <summary>
/// The applicant's rights and the council's record keeping: subject access (everything held about a person), erasure where
/// no retention duty applies, rectification, and recording the end of an approved carer's approval (which starts the
/// 10-year retention clock).
/// </summary>
public static class RecordsEndpoints
{
    private static readonly string[] PersonFields = ["email", "phone"];

    public static void MapRecords(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/people").WithTags("Records").RequireAuthorization(StaffPolicies.Admin);
        people.MapGet("/export", ExportAsync).WithSummary("Everything held about a person, by email or phone (Admin). Accept: text/html for a readable page.")
            .Produces<PersonExport>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        people.MapDelete("/", EraseAsync).WithSummary("Erase a person where no retention duty applies (Admin).")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPut("/api/journeys/{id}/applicant", RectifyAsync).WithTags("Records").RequireAuthorization(StaffPolicies.Admin)
            .WithSummary("Correct the applicant's details (Admin); history records which fields changed, not their values.")
            .Accepts<RectifyRequest>("application/json").Produces<JourneyResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/journeys/{id}/approval-ended", ApprovalEndedAsync).WithTags("Records").RequireAuthorization(StaffPolicies.Officer)
            .WithSummary("An approved carer's approval has ended: their records are kept for the council's period from then (at least 10 years).")
            .Accepts<ApprovalEndedRequest>("application/json").Produces<JourneyResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// The person a request names, as index keys: an email, a phone, or both (then only journeys holding both). Each at
    /// most once in the query string; a phone's unencoded <c>+</c> arrives as a space and is read as the <c>+</c> it was.
    /// </summary>
    private static (List<string> Keys, IResult? Problem) PersonOf(HttpRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var name in PersonFields)
        {
            var values = request.Query[name];
            if (values.Count > 1)
            {
                errors[name] = ["Give it once."];
                continue;
            }

            if (values.Count == 0)
            {
                continue;
            }

            var value = values[0] ?? "";
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[name] = ["Must not be empty."];
            }
            else if (name == "phone")
            {
                var phone = value.StartsWith(' ') && value.TrimStart().All(c => char.IsAsciiDigit(c) || c == ' ') ? "+" + value.TrimStart() : value;
                if (EnquiryValidation.NormalisePhone(phone) is { } e164)
                {
                    keys.Add(PersonKey.ForPhone(e164)!);
                }
                else
                {
                    errors[name] = ["This is not a UK phone number."];
                }
            }
            else if (value.Length <= 320 && value.Trim().IndexOf('@', StringComparison.Ordinal) > 0)
            {
                keys.Add(PersonKey.ForEmail(value)!);
            }
            else
            {
                errors[name] = ["This is not an email address."];
            }
        }

        if (errors.Count == 0 && keys.Count == 0)
        {
            errors["email"] = ["Give the person's email, phone, or both."];
        }

        return errors.Count > 0 ? ([], Problems.Validation(errors)) : (keys, null);
    }

    /// <summary>The journeys of the person a request names that the caller may see, or the problem with the request (400, 404).</summary>
    private static async Task<(List<(Journey Journey, List<HistoryEntry> History)> Journeys, IResult? Problem)> PersonsJourneysAsync(
        HttpContext http, RecordKeeper records, JourneyStore store, CancellationToken cancellationToken)
    {
        var (keys, problem) = PersonOf(http.Request);
        if (problem is not null)
        {
            return ([], problem);
        }

        // People who share an email and a phone (a couple) are told apart by name: firstName, lastName, or both.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in new[] { "firstName", "lastName" })
        {
            if (http.Request.Query[field].ToString() is { Length: > 0 } name)
            {
                if (Text.ProblemWithName(name) is { } wrong)
                {
                    return ([], Problems.Validation(field, wrong));
                }

                names[field] = name.Trim();
            }
        }

        var caller = Caller.From(http.User);
        var journeys = await JourneysOfAsync(keys[0], caller, records, store, cancellationToken);
        foreach (var key in keys.Skip(1))
        {
            journeys.RemoveAll(j => !RecordKeeper.KeysOf(j.Journey.Applicant).Contains(key, StringComparer.Ordinal));
        }

        journeys.RemoveAll(j => (names.TryGetValue("firstName", out var first) && !string.Equals(j.Journey.Applicant.FirstName, first, StringComparison.OrdinalIgnoreCase))
            || (names.TryGetValue("lastName", out var last) && !string.Equals(j.Journey.Applicant.LastName, last, StringComparison.OrdinalIgnoreCase)));

        if (journeys.Count == 0)
        {
            return ([], Problems.NotFound("No journey of this person that this key may see."));
        }

        // A phone or an email can be shared (a couple, a family): never show or erase one person's records for another's.
        var people = journeys.Select(j => $"{j.Journey.Applicant.FirstName}\n{j.Journey.Applicant.LastName}".ToLowerInvariant()).Distinct(StringComparer.Ordinal).Count();
        if (people > 1)
        {
            return ([], Problems.Conflict(
                $"This matches journeys of {people} different people; nothing is shown or changed. Give both the email and the phone, or the person's firstName and lastName too, to name one person.",
                new Dictionary<string, object?> { ["rule"] = "ambiguous-person", ["people"] = people }));
        }

        return (journeys, null);
    }

    /// <summary>The person's journeys the caller may see and that still exist, each whole.</summary>
    private static async Task<List<(Journey Journey, List<HistoryEntry> History)>> JourneysOfAsync(
        string key, Caller caller, RecordKeeper records, JourneyStore store, CancellationToken cancellationToken)
    {
        var found = new List<(Journey, List<HistoryEntry>)>();
        var entries = await records.FindAsync(key, cancellationToken);
        // A person the index does not know costs a state read too (of an id no journey has), so that "unknown" and "known
        // only to another council" take the same work and cannot be told apart by how long the 404 takes.
        foreach (var journeyId in entries.Count == 0 ? [JourneyIds.Derive("no journey", key)] : entries.Select(e => e.JourneyId))
        {
            // The index may name a journey since purged, moved to a council the caller does not hold, or corrected to
            // another address: only what the journey says now counts. The state row says whose it is; the rest is read
            // only for the journeys the caller may see.
            if (await store.LoadAsync(journeyId, LoadDepth.State, cancellationToken: cancellationToken) is { } state
                && caller.CanSee(state.Journey.LocalAuthority)
                && RecordKeeper.KeysOf(state.Journey.Applicant).Contains(key, StringComparer.Ordinal)
                && await store.LoadAsync(journeyId, LoadDepth.Everything, cancellationToken: cancellationToken) is { } loaded
                && caller.CanSee(loaded.Journey.LocalAuthority))
            {
                found.Add((loaded.Journey, loaded.History));
            }
        }

        return found;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext http, PolicyBook policies, RecordKeeper records, JourneyStore store, CouncilDirectory councils, Notifications.StatusLinks links, TimeProvider time,
        CancellationToken cancellationToken)
    {
        // A person's records are never kept by a browser or a proxy.
        http.Response.Headers.CacheControl = "no-store";
        var (journeys, problem) = await PersonsJourneysAsync(http, records, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        AccessAudit.NoteShown(http, journeys.Select(j => (j.Journey.Id, j.Journey.LocalAuthority)));

        var lookedUpBy = string.Join(" and ", PersonFields.Where(n => http.Request.Query.ContainsKey(n)));
        var exported = await Task.WhenAll(journeys.Select(async j => Export(j.Journey, j.History, policies.ZoneOf(j.Journey.LocalAuthority)) with
        {
            StatusPageViews = [.. (await links.ViewsAsync(j.Journey.Id, cancellationToken)).Select(v => Local(v, policies.ZoneOf(j.Journey.LocalAuthority)))],
        }));
        var export = new PersonExport(time.GetUtcNow(), lookedUpBy, exported);
        return http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            ? PageResults.Show<ExportView>(http, new { Frame = new PageFrame("Your information held by the fostering service", null, null, false, "", ""), Export = export })
            : TypedResults.Ok(export);
    }

    private static ExportedJourney Export(Journey j, List<HistoryEntry> history, TimeZoneInfo zone)
    {
        var shown = j.ToResponse(history, zone, [], j.UpdatedAt);
        return new ExportedJourney(
            j.Id, j.LocalAuthority, j.Stage.ToString(), j.Status.ToString(), shown.ReceivedAt, j.Channel, j.Applicant, j.Consent, shown.Household,
            shown.Milestones, shown.Deadlines, shown.History,
            [.. j.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Purpose, StringComparer.Ordinal).Select(m => new ExportedMessage(
                m.Purpose, m.Kind.ToString(), m.Channel.Wire(), m.To, m.Template, m.Subject, m.Body, m.Status.ToString(),
                Local(m.CreatedAt, zone), Local(m.SentAt, zone), Local(m.DeliveredAt, zone), m.LastError))],
            j.WithdrawalReason, j.Flags, j.Buddy, j.Hub, Local(j.RetainUntil, zone));
    }

    private static DateTimeOffset Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    private static DateTimeOffset? Local(DateTimeOffset? instant, TimeZoneInfo zone) => instant is { } i ? TimeZoneInfo.ConvertTime(i, zone) : null;


    private static async Task<IResult> EraseAsync(HttpContext http, RecordKeeper records, JourneyStore store, CancellationToken cancellationToken)
    {
        var (journeys, problem) = await PersonsJourneysAsync(http, records, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // All or nothing: where the law requires any of the person's records to be kept, nothing is erased and the answer
        // names the rule, so that the council's data protection officer decides on the rest knowingly.
        var kept = journeys.Select(j => (j.Journey, Rule: RetentionDuty(j.Journey))).Where(k => k.Rule is not null).ToList();
        if (kept.Count > 0)
        {
            var (journey, rule) = kept[0];
            return Problems.Conflict(
                $"The records must be kept: {rule!.Value.Reason}. Nothing was erased.",
                new Dictionary<string, object?>
                {
                    ["rule"] = rule.Value.Rule,
                    ["journeyId"] = journey.Id,
                    ["retainUntil"] = journey.RetainUntil,
                    ["kept"] = kept.Select(k => new { journeyId = k.Journey.Id, rule = k.Rule!.Value.Rule }).ToArray(),
                });
        }

        AccessAudit.NoteShown(http, journeys.Select(j => (j.Journey.Id, j.Journey.LocalAuthority)));
        foreach (var (journey, _) in journeys)
        {
            await records.PurgeAsync(journey, PurgeReason.Erasure, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    /// <summary>The rule that requires a journey's records to be kept, if any; an enquiry that never became an application has none.</summary>
    public static (string Rule, string Reason)? RetentionDuty(Journey journey) => journey switch
    {
        { Status: JourneyStatus.Approved } => ("approved-carer", "an approved foster carer's records are kept until 10 years after their approval ends"),
        { Status: JourneyStatus.Active, BecameApplication: true } => ("open-application", "an application is being assessed; once decided or withdrawn it is kept at least 3 years (Fostering Services (England) Regulations 2011, reg. 32)"),
        { BecameApplication: true } => ("reg-32", $"a refused or withdrawn application is kept at least 3 years from the decision (Fostering Services (England) Regulations 2011, reg. 32), here until {journey.RetainUntil:yyyy-MM-dd}"),
        _ => null,
    };

    private static async Task<IResult> RectifyAsync(string id, HttpContext http, JourneySteps steps, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await Problems.ReadJsonAsync<RectifyRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        EnquiryValidation.ValidateEnquirer(null, request!.Applicant, request.Consent, time.GetUtcNow(), errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var result = await steps.CorrectApplicantAsync(
            id, Caller.From(http.User), EnquiryValidation.ToApplicant(request.Applicant!), EnquiryValidation.ToConsent(request.Consent!), cancellationToken);
        return await JourneyEndpoints.AnswerAsync(id, http, result, cancellationToken);
    }

    private static async Task<IResult> ApprovalEndedAsync(string id, HttpContext http, JourneySteps steps, CancellationToken cancellationToken)
    {
        var (request, problem) = await Problems.ReadJsonAsync<ApprovalEndedRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await steps.EndApprovalAsync(id, Caller.From(http.User), request!.EndedAt, cancellationToken);
        return await JourneyEndpoints.AnswerAsync(id, http, result, cancellationToken);
    }
}
