using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Audit;

namespace FosteringWorkflows.Journeys;

public sealed record JourneyEventRequest(string? Type, DateTimeOffset? OccurredAt, JsonElement? Data);

public sealed record WithdrawRequest(string? ReasonCode, string? Note);

/// <summary>The caller may see the journey but not move it where it asked.</summary>
public sealed class RouteForbiddenException(string target) : Exception($"This key may not move a journey to {target}.");

public static class JourneyEndpoints
{
    /// <summary>Ofsted's withdrawal reason codes (annual fostering data collection).</summary>
    public static readonly IReadOnlyList<string> WithdrawalCodes = ["AW0", "AW1", "AW2", "AW3", "AW4", "AW5"];

    public static void MapJourneys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/journeys").WithTags("Journeys").RequireAuthorization(StaffPolicies.Officer);
        group.MapGet("/{id}", GetAsync).WithSummary("One journey with its clocks, milestones and history.")
            .Produces<JourneyResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithSummary("Journeys of the caller's councils, a page at a time.")
            .Produces<JourneyPage>().ProducesValidationProblem();
        group.MapPost("/{id}/events", RecordEventAsync).WithSummary("Record a step of the journey.")
            .Accepts<JourneyEventRequest>("application/json")
            .Produces<JourneyResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/withdraw", WithdrawAsync).WithSummary("Withdraw the applicant, with an Ofsted AW reason code.")
            .Accepts<WithdrawRequest>("application/json")
            .Produces<JourneyResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> GetAsync(
        string id, HttpContext http, JourneyStore store, CouncilDirectory councils, PolicyBook policies, TimeProvider time, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(id, LoadDepth.Everything, cancellationToken: cancellationToken);
        AccessAudit.Note(http, council: loaded?.Journey.LocalAuthority);
        if (loaded is not { } found || !Caller.From(http.User).CanSee(found.Journey.LocalAuthority))
        {
            return NotFound(id);
        }

        return await RespondAsync(found.Journey, found.History, councils, policies, time, cancellationToken);
    }

    /// <summary>The whole journey, with its Stage 1 checks as its own policy version counts them.</summary>
    private static async Task<IResult> RespondAsync(
        Journey journey, IEnumerable<HistoryEntry> history, CouncilDirectory councils, PolicyBook policies, TimeProvider time, CancellationToken cancellationToken)
    {
        var policy = await policies.ByVersionAsync(journey.PolicyVersion, cancellationToken);
        return TypedResults.Ok(journey.ToResponse(history, councils.ZoneOf(journey.LocalAuthority), Household.Checks(journey, policy), time.GetUtcNow()));
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, JourneyStore store, CouncilDirectory councils, CancellationToken cancellationToken,
        string? localAuthority = null, string? stage = null, string? status = null, string? overdue = null, string? continuationToken = null, string? pageSize = null)
    {
        var caller = Caller.From(http.User);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        bool? overdueOnly = null;
        if (overdue is not null)
        {
            if (bool.TryParse(overdue, out var wanted))
            {
                overdueOnly = wanted;
            }
            else
            {
                errors["overdue"] = ["true or false."];
            }
        }

        int? size = null;
        if (pageSize is not null)
        {
            if (int.TryParse(pageSize, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 200)
            {
                size = n;
            }
            else
            {
                errors["pageSize"] = ["A whole number between 1 and 200."];
            }
        }

        if (continuationToken is not null && !JourneyStore.IsPageToken(continuationToken))
        {
            errors["continuationToken"] = ["Not a token this service gave out: pass back the continuationToken of the previous page unchanged."];
        }
        if (localAuthority is not null && !councils.Exists(localAuthority))
        {
            errors["localAuthority"] = [$"'{localAuthority}' is not a council this service runs."];
        }

        if (stage is not null && !Enum.TryParse<Stage>(stage, ignoreCase: false, out _))
        {
            errors["stage"] = [$"One of {string.Join(", ", Enum.GetNames<Stage>())}."];
        }

        if (status is not null && !Enum.TryParse<JourneyStatus>(status, ignoreCase: false, out _))
        {
            errors["status"] = [$"One of {string.Join(", ", Enum.GetNames<JourneyStatus>())}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (localAuthority is not null && !caller.CanSee(localAuthority))
        {
            return Problems.Forbidden($"This key does not cover {localAuthority}.");
        }

        var filters = new List<string>();
        if (localAuthority is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"LocalAuthority eq {localAuthority.ToLowerInvariant()}"));
        }
        else if (!caller.AllCouncils)
        {
            filters.Add("(" + string.Join(" or ", caller.Councils!.Select(c => TableClient.CreateQueryFilter($"LocalAuthority eq {c}"))) + ")");
        }

        if (stage is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Stage eq {stage}"));
        }

        if (status is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Status eq {status}"));
        }

        if (overdueOnly is { } o)
        {
            filters.Add(TableClient.CreateQueryFilter($"Overdue eq {o}"));
        }

        var filter = filters.Count == 0 ? null : string.Join(" and ", filters);
        var (items, next) = await store.ListAsync(filter, continuationToken, size ?? 50, cancellationToken);
        AccessAudit.NoteShown(http, items.Select(s => (s.Journey.Id, s.Journey.LocalAuthority)));
        return TypedResults.Ok(new JourneyPage(
            [.. items.Select(s => s.ToSummary(councils.ZoneOf(s.Journey.LocalAuthority)))],
            next));
    }

    private static async Task<IResult> RecordEventAsync(
        string id, HttpContext http, JourneyEngine engine, JourneyStore store, CouncilDirectory councils, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await Problems.ReadJsonAsync<JourneyEventRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (journeyEvent, errors) = ParseEvent(request!, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return await ChangeAsync(id, http, engine, store, councils, (j, c) =>
        {
            if (request!.OccurredAt is null && journeyEvent!.OccurredAt < j.LastEventAt)
            {
                // Not dated by the caller: "now", but never before a step already recorded (one dated a minute ahead).
                journeyEvent = journeyEvent with { OccurredAt = j.LastEventAt };
            }

            if (Instants.CheckOccurredAt(journeyEvent!.OccurredAt, j.LastEventAt, c.Now) is { } late)
            {
                throw new FieldException("occurredAt", late);
            }

            if (journeyEvent.When is { } when && Instants.CheckBooking(when, j.ReceivedAt, c.Now) is { } outOfRange)
            {
                throw new FieldException($"data.{Transitions.FieldOf(journeyEvent.Type)!.Name}", outOfRange);
            }

            if (Transitions.Apply(j, journeyEvent!, c))
            {
                c.Record(j, journeyEvent!.Type.ToString(), journeyEvent.OccurredAt, journeyEvent.Data(j));
                j.LastEventAt = journeyEvent.OccurredAt > j.LastEventAt ? journeyEvent.OccurredAt : j.LastEventAt;
            }
        }, cancellationToken);
    }

    private static async Task<IResult> WithdrawAsync(
        string id, HttpContext http, JourneyEngine engine, JourneyStore store, CouncilDirectory councils, CancellationToken cancellationToken)
    {
        var (request, problem) = await Problems.ReadJsonAsync<WithdrawRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.ReasonCode is not { } code || !WithdrawalCodes.Contains(code))
        {
            return Problems.Validation("reasonCode", $"One of Ofsted's codes: {string.Join(", ", WithdrawalCodes)}.");
        }

        if (request.Note is { } note && Text.ProblemWithNote(note) is { } wrongNote)
        {
            return Problems.Validation("note", wrongNote);
        }

        return await ChangeAsync(id, http, engine, store, councils, (j, c) =>
        {
            if (j.Status != JourneyStatus.Active)
            {
                throw new TransitionRefusedException(j.Stage, j.Status, "Withdrawn", $"the journey is already {j.Status}");
            }

            j.WithdrawalReason = code;
            c.Finish(j, JourneyStatus.Withdrawn);
            c.Record(j, "Withdrawn", c.Now, JsonSerializer.SerializeToElement(new { reasonCode = code, note = request.Note }));
            c.SendToApplicant(j, "withdrawal-closing", "withdrawal-closing");
        }, cancellationToken);
    }

    /// <summary>
    /// Applies a change to a journey the caller may see, answering 404 for one it may not (never 403: that would
    /// leak existence), 409 for one that does not fit, and by default the whole journey after it.
    /// </summary>
    internal static async Task<IResult> ChangeAsync(
        string id, HttpContext http, JourneyEngine engine, JourneyStore store, CouncilDirectory councils,
        Action<Journey, WorkflowContext> change, CancellationToken cancellationToken, Func<Journey, IResult>? answer = null)
    {
        var caller = Caller.From(http.User);
        Journey changed;
        try
        {
            changed = await engine.ApplyAsync(id, caller.Name, (j, c) =>
            {
                AccessAudit.Note(http, council: j.LocalAuthority);
                if (!caller.CanSee(j.LocalAuthority))
                {
                    throw new JourneyNotFoundException(j.Id);
                }

                change(j, c);
            }, cancellationToken);
        }
        catch (JourneyNotFoundException)
        {
            return NotFound(id);
        }
        catch (FieldException e)
        {
            return Problems.Validation(e.Field, e.Message);
        }
        catch (RouteForbiddenException e)
        {
            return Problems.Forbidden(e.Message);
        }
        catch (JourneyChangedException)
        {
            // Every retry met a concurrent write: the journey is very busy. Nothing was written; try again.
            http.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem("The journey is being changed by others; nothing was recorded. Try again.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy.");
        }
        catch (TransitionRefusedException e)
        {
            return Problems.Conflict(e.Message, new Dictionary<string, object?>
            {
                ["stage"] = e.Stage.ToString(),
                ["status"] = e.Status.ToString(),
                ["event"] = e.EventType,
                ["allowedEvents"] = Transitions.AllowedAt(e.Stage).Select(t => t.ToString()).ToArray(),
                ["missingChecks"] = e.MissingChecks?.Select(m => new { personId = m.PersonId, check = m.Check }).ToArray(),
            });
        }

        if (answer is not null)
        {
            return answer(changed);
        }

        // The state row is the one just committed; only the messages' delivery states and older history are read.
        var history = await store.ReadEverythingElseAsync(changed, cancellationToken);
        var services = http.RequestServices;
        return await RespondAsync(changed, history, councils, services.GetRequiredService<PolicyBook>(), services.GetRequiredService<TimeProvider>(), cancellationToken);
    }

    private static (JourneyEvent? Event, Dictionary<string, string[]> Errors) ParseEvent(JourneyEventRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Type is null || !Enum.TryParse<JourneyEventType>(request.Type, ignoreCase: false, out var type) || !Enum.IsDefined(type))
        {
            errors["type"] = [$"One of {string.Join(", ", Enum.GetNames<JourneyEventType>())}."];
            return (null, errors);
        }

        var occurredAt = request.OccurredAt ?? now;
        if (Instants.CheckOccurredAt(occurredAt, DateTimeOffset.MinValue, now) is { } future)
        {
            errors["occurredAt"] = [future];
        }

        string? choice = null;
        DateTimeOffset? when = null;
        if (Transitions.FieldOf(type) is { } field)
        {
            var path = $"data.{field.Name}";
            JsonElement value = default;
            var present = request.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(field.Name, out value);
            if (!present || value.ValueKind != JsonValueKind.String || TextOf(value) is not { } text)
            {
                errors[path] = [field.IsTime ? "Required: a date-time with offset." : $"Required: one of {string.Join(", ", field.Choices!)}."];
            }
            else if (field.IsTime)
            {
                if (Instants.TryParse(text, out var parsed))
                {
                    when = parsed;
                }
                else
                {
                    errors[path] = [Instants.Format];
                }
            }
            else if (field.Choices!.Contains(text))
            {
                choice = text;
            }
            else
            {
                errors[path] = [$"One of {string.Join(", ", field.Choices!)}."];
            }
        }

        var (person, reason, firstName, dateOfBirth) = ParseStage1Fields(type, request.Data, occurredAt, errors);
        return (errors.Count == 0 ? new JourneyEvent(type, occurredAt, choice, when, person, reason, firstName, dateOfBirth) : null, errors);
    }

    /// <summary>
    /// The Stage 1 events' further fields: whose check (<c>person</c>, optional: the first applicant), why it does not apply
    /// (<c>reason</c>), and who joined the household (<c>firstName</c>, <c>dateOfBirth</c>). Whether the person exists is the
    /// journey's to say.
    /// </summary>
    private static (string? Person, string? Reason, string? FirstName, DateOnly? DateOfBirth) ParseStage1Fields(
        JourneyEventType type, JsonElement? data, DateTimeOffset occurredAt, Dictionary<string, string[]> errors)
    {
        string? Text(string name, bool required, Func<string, string?> problem)
        {
            var present = data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? value : (JsonElement?)null;
            if (present is null)
            {
                if (required)
                {
                    errors[$"data.{name}"] = ["Required."];
                }

                return null;
            }

            if (present.Value.ValueKind != JsonValueKind.String || TextOf(present.Value) is not { } text || string.IsNullOrWhiteSpace(text))
            {
                errors[$"data.{name}"] = ["Must be non-empty text."];
                return null;
            }

            if (problem(text) is { } wrong)
            {
                errors[$"data.{name}"] = [wrong];
                return null;
            }

            return text.Trim();
        }

        switch (type)
        {
            case JourneyEventType.CheckCompleted:
                return (Text("person", false, Hosting.Text.ProblemWithName), null, null, null);
            case JourneyEventType.CheckNotApplicable:
                return (Text("person", false, Hosting.Text.ProblemWithName), Text("reason", true, Hosting.Text.ProblemWithNote), null, null);
            case JourneyEventType.HouseholdMemberAdded:
                var firstName = Text("firstName", true, Hosting.Text.ProblemWithName);
                DateOnly? born = null;
                Text("dateOfBirth", true, t =>
                {
                    if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        return "A date such as 2009-03-14.";
                    }

                    if (date > DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(occurredAt, London).DateTime))
                    {
                        return "Must not be after the day the event occurred.";
                    }

                    if (date < DateOnly.FromDateTime(occurredAt.UtcDateTime).AddYears(-120))
                    {
                        return "Must be within the last 120 years.";
                    }

                    born = date;
                    return null;
                });
                return (null, null, firstName, born);
            default:
                return (null, null, null, null);
        }
    }

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>A JSON string's text, or null when it is not valid UTF-16 (a lone surrogate): the caller's mistake, answered 400.</summary>
    private static string? TextOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static IResult NotFound(string id) => Problems.NotFound($"No journey {Text.Echo(id)} that this key may see.");
}
