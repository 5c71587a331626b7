using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FosteringWorkflows.Audit;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Intake;
using FosteringWorkflows.Journeys;
using FosteringWorkflows.Policies;

namespace FosteringWorkflows.Records;

public sealed record ApprovalEndedRequest(DateTimeOffset? EndedAt);

public sealed record RectifyRequest(ApplicantRequest? Applicant, ConsentRequest? Consent);

/// <summary>A message as the person's copy shows it: to whom, what it said, and what became of it.</summary>
public sealed record ExportedMessage(
    string Purpose, string Kind, string Channel, string To, string Template, string? Subject, string Body, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, string? LastError);

public sealed record ExportedJourney(
    string JourneyId, string LocalAuthority, string Stage, string Status, DateTimeOffset ReceivedAt, string Channel,
    Applicant Applicant, Consent Consent, IReadOnlyList<HouseholdMemberResponse> Household, IReadOnlyList<MilestoneResponse> Milestones,
    IReadOnlyList<HistoryResponse> History, IReadOnlyList<ExportedMessage> Messages, string? WithdrawalReason, DateTimeOffset? RetainUntil);

/// <summary>Everything held about one person, as a subject access request is answered.</summary>
public sealed record PersonExport(DateTimeOffset ProducedAt, string LookedUpBy, IReadOnlyList<ExportedJourney> Journeys);

/// <summary>
/// The applicant's rights and the council's record keeping: subject access (everything held about a person), erasure where
/// no retention duty applies, rectification, and recording the end of an approved carer's approval (which starts the
/// 10-year retention clock).
/// </summary>
public static class RecordsEndpoints
{
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

    /// <summary>The person a request names: exactly one of <c>email</c> and <c>phone</c>, as its index key.</summary>
    private static (string? Key, IResult? Problem) PersonOf(string? email, string? phone)
    {
        if (string.IsNullOrWhiteSpace(email) == string.IsNullOrWhiteSpace(phone))
        {
            return (null, Problems.Validation("email", "Give exactly one of email and phone."));
        }

        if (!string.IsNullOrWhiteSpace(phone))
        {
            return EnquiryValidation.NormalisePhone(phone) is { } e164 ? (PersonKey.ForPhone(e164), null) : (null, Problems.Validation("phone", "This is not a UK phone number."));
        }

        return email!.Length <= 320 && email.Contains('@', StringComparison.Ordinal)
            ? (PersonKey.ForEmail(email), null)
            : (null, Problems.Validation("email", "This is not an email address."));
    }

    /// <summary>The journeys of the person a request names that the caller may see, or the problem with the request (400, 404).</summary>
    private static async Task<(List<(Journey Journey, List<HistoryEntry> History)> Journeys, IResult? Problem)> PersonsJourneysAsync(
        HttpContext http, string? email, string? phone, RecordKeeper records, JourneyStore store, CancellationToken cancellationToken)
    {
        var (key, problem) = PersonOf(email, phone);
        if (problem is not null)
        {
            return ([], problem);
        }

        var journeys = await JourneysOfAsync(key!, Caller.From(http.User), records, store, cancellationToken);
        return journeys.Count == 0 ? ([], Problems.NotFound("No journey of this person that this key may see.")) : (journeys, null);
    }

    /// <summary>The person's journeys the caller may see and that still exist, each whole.</summary>
    private static async Task<List<(Journey Journey, List<HistoryEntry> History)>> JourneysOfAsync(
        string key, Caller caller, RecordKeeper records, JourneyStore store, CancellationToken cancellationToken)
    {
        var found = new List<(Journey, List<HistoryEntry>)>();
        foreach (var entry in await records.FindAsync(key, cancellationToken))
        {
            // The index may name a journey since purged, moved to a council the caller does not hold, or corrected to
            // another address: only what the journey says now counts.
            if (await store.LoadAsync(entry.JourneyId, LoadDepth.Everything, cancellationToken: cancellationToken) is { } loaded
                && caller.CanSee(loaded.Journey.LocalAuthority)
                && RecordKeeper.KeysOf(loaded.Journey.Applicant).Contains(key, StringComparer.Ordinal))
            {
                found.Add((loaded.Journey, loaded.History));
            }
        }

        return found;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext http, RecordKeeper records, JourneyStore store, CouncilDirectory councils, TimeProvider time, CancellationToken cancellationToken,
        string? email = null, string? phone = null)
    {
        var (journeys, problem) = await PersonsJourneysAsync(http, email, phone, records, store, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        foreach (var (journey, _) in journeys)
        {
            AccessAudit.Note(http, journey.Id, journey.LocalAuthority);
        }

        var export = new PersonExport(time.GetUtcNow(), string.IsNullOrWhiteSpace(email) ? "phone" : "email", [.. journeys.Select(j => Export(j.Journey, j.History, councils.ZoneOf(j.Journey.LocalAuthority)))]);
        return http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            ? TypedResults.Text(ExportPage.Render(export), "text/html; charset=utf-8")
            : TypedResults.Ok(export);
    }

    private static ExportedJourney Export(Journey j, List<HistoryEntry> history, TimeZoneInfo zone)
    {
        var shown = j.ToResponse(history, zone, [], j.UpdatedAt);
        return new ExportedJourney(
            j.Id, j.LocalAuthority, j.Stage.ToString(), j.Status.ToString(), shown.ReceivedAt, j.Channel, j.Applicant, j.Consent, shown.Household,
            shown.Milestones, shown.History,
            [.. j.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Purpose, StringComparer.Ordinal).Select(m => new ExportedMessage(
                m.Purpose, m.Kind.ToString(), m.Channel, m.To, m.Template, m.Subject, m.Body, m.Status.ToString(), m.CreatedAt, m.SentAt, m.DeliveredAt, m.LastError))],
            j.WithdrawalReason, j.RetainUntil);
    }

    private static async Task<IResult> EraseAsync(
        HttpContext http, RecordKeeper records, JourneyStore store, CancellationToken cancellationToken, string? email = null, string? phone = null)
    {
        var (journeys, problem) = await PersonsJourneysAsync(http, email, phone, records, store, cancellationToken);
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

        foreach (var (journey, _) in journeys)
        {
            AccessAudit.Note(http, journey.Id, journey.LocalAuthority);
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

    private static async Task<IResult> RectifyAsync(
        string id, HttpContext http, JourneyEngine engine, JourneyStore store, CouncilDirectory councils, RecordKeeper records, TimeProvider time,
        CancellationToken cancellationToken)
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

        var corrected = EnquiryValidation.ToApplicant(request.Applicant!);
        var consent = EnquiryValidation.ToConsent(request.Consent!);

        // The new address is indexed before the journey holds it (as at intake); the old one is dropped once it no longer does.
        var current = await store.LoadAsync(id, LoadDepth.State, cancellationToken: cancellationToken);
        if (current is not { } loaded || !Caller.From(http.User).CanSee(loaded.Journey.LocalAuthority))
        {
            return Problems.NotFound($"No journey {Text.Echo(id)} that this key may see.");
        }

        var before = RecordKeeper.KeysOf(loaded.Journey.Applicant).ToList();
        await records.IndexAsync(new Journey
        {
            Id = loaded.Journey.Id, LocalAuthority = loaded.Journey.LocalAuthority, PolicyVersion = loaded.Journey.PolicyVersion,
            Applicant = corrected, Consent = consent, Channel = loaded.Journey.Channel,
        }, cancellationToken);
        var result = await JourneyEndpoints.ChangeAsync(id, http, engine, store, councils, (j, c) =>
        {
            var fields = Changed(j.Applicant, corrected).ToList();
            if (j.Consent != consent)
            {
                fields.Add("consent");
            }

            if (fields.Count == 0)
            {
                return;
            }

            j.Applicant = corrected;
            j.Consent = consent;
            j.Pending.StateChanged = true;
            c.Record(j, "ApplicantCorrected", c.Now, JsonSerializer.SerializeToElement(new { fields }));
        }, cancellationToken);
        await records.UnindexAsync(id, before.Except(RecordKeeper.KeysOf(corrected), StringComparer.Ordinal), cancellationToken);
        return result;
    }

    private static IEnumerable<string> Changed(Applicant was, Applicant now)
    {
        if (was.FirstName != now.FirstName) yield return "firstName";
        if (was.LastName != now.LastName) yield return "lastName";
        if (was.Email != now.Email) yield return "email";
        if (was.Phone != now.Phone) yield return "phone";
        if (was.Postcode != now.Postcode) yield return "postcode";
        if (was.PreferredChannel != now.PreferredChannel) yield return "preferredChannel";
        if (was.PreferredContactFrom != now.PreferredContactFrom) yield return "preferredContactFrom";
    }

    private static async Task<IResult> ApprovalEndedAsync(
        string id, HttpContext http, JourneyEngine engine, JourneyStore store, CouncilDirectory councils, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await Problems.ReadJsonAsync<ApprovalEndedRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await JourneyEndpoints.ChangeAsync(id, http, engine, store, councils, (j, c) =>
        {
            if (j.Status != JourneyStatus.Approved || j.ApprovalEndedAt is not null)
            {
                throw new TransitionRefusedException(j.Stage, j.Status, "ApprovalEnded",
                    j.ApprovalEndedAt is { } ended ? $"the approval's end is already recorded ({ended:O})" : "only an approved carer's approval can end");
            }

            var endedAt = request!.EndedAt ?? c.Now;
            if (Instants.CheckOccurredAt(endedAt, j.EndedAt ?? j.LastEventAt, c.Now) is { } wrong)
            {
                throw new FieldException("endedAt", wrong);
            }

            c.ApprovalEnded(j, endedAt);
        }, cancellationToken);
    }
}
