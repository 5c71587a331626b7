using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using FosteringWorkflows.Auth;
using FosteringWorkflows.Councils;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.Policies;
using FosteringWorkflows.Audit;

namespace FosteringWorkflows.Journeys;

public static partial class JourneyEndpoints
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
        return TypedResults.Ok(journey.ToResponse(history, policies.ZoneOf(journey.LocalAuthority), Household.Checks(journey, policy), time.GetUtcNow()));
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, PolicyBook policies, JourneyStore store, CouncilDirectory councils, IWorkIndex work, TimeProvider time, CancellationToken cancellationToken,
        string? localAuthority = null, string? stage = null, string? status = null, string? overdue = null, string? continuationToken = null, string? pageSize = null,
        string? dueBefore = null, string? clock = null, string? allocatedTo = null, string? order = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var byWork = dueBefore is not null || clock is not null || allocatedTo is not null || order is not null;
        DateTimeOffset? before = null;
        if (dueBefore is not null)
        {
            before = Instants.TryParse(dueBefore, out var at) ? at : null;
            if (before is null)
            {
                errors["dueBefore"] = [Instants.Format];
            }
        }

        if (clock is not null && !Enum.GetNames<ClockName>().Contains(clock, StringComparer.Ordinal))
        {
            errors["clock"] = [$"One of {string.Join(", ", Enum.GetNames<ClockName>())}."];
        }

        if (allocatedTo is not null && !Text.IsSignInId(allocatedTo))
        {
            errors["allocatedTo"] = ["A member of staff's sign-in id."];
        }

        if (order is not null && order != "due")
        {
            errors["order"] = ["due (by the next clock's due time), or leave it out."];
        }

        if (byWork && continuationToken is not null && WorkPageAfter(continuationToken, clock) is null)
        {
            errors["continuationToken"] = ["Not a token this service gave out: pass back the continuationToken of the previous page unchanged."];
        }
        var overdueOnly = ParseOptional<bool>(overdue, "overdue", errors, o => bool.TryParse(o, out var wanted) ? wanted : null, "true or false.");
        var size = ParseOptional<int>(pageSize, "pageSize", errors,
            p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 200 ? n : (int?)null, "A whole number between 1 and 200.");
        if (!byWork && continuationToken is not null && !JourneyStore.IsPageToken(continuationToken))
        {
            errors["continuationToken"] = ["Not a token this service gave out: pass back the continuationToken of the previous page unchanged."];
        }

        if (localAuthority is not null && !councils.Exists(localAuthority))
        {
            errors["localAuthority"] = [$"'{localAuthority}' is not a council this service runs."];
        }

        if (stage is not null && !Enum.GetNames<Stage>().Contains(stage, StringComparer.Ordinal))
        {
            errors["stage"] = [$"One of {string.Join(", ", Enum.GetNames<Stage>())}."];
        }

        if (status is not null && !Enum.GetNames<JourneyStatus>().Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"One of {string.Join(", ", Enum.GetNames<JourneyStatus>())}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var caller = Caller.From(http.User);
        if (localAuthority is not null && !caller.CanSee(localAuthority))
        {
            return Problems.Forbidden($"This key does not cover {localAuthority}.");
        }

        if (byWork)
        {
            return await ListWorkAsync(http, work, policies, councils, caller, localAuthority, stage, status, overdueOnly, before, clock, allocatedTo,
                continuationToken is null ? null : WorkPageAfter(continuationToken, clock), size ?? 50, time.GetUtcNow(), cancellationToken);
        }

        var filter = ListFilter(caller, localAuthority, stage, status, overdueOnly);
        var (items, next) = await store.ListAsync(filter, continuationToken, size ?? 50, cancellationToken);
        AccessAudit.NoteShown(http, items.Select(s => (s.Journey.Id, s.Journey.LocalAuthority)));
        return TypedResults.Ok(new JourneyPage(
            [.. items.Select(s => s.ToSummary(policies.ZoneOf(s.Journey.LocalAuthority)))],
            next));
    }

    /// <summary>
    /// The list by clocks and allocation, read from the work index (active journeys only, since only they have running clocks
    /// or work to allocate): each journey's next clock (of the one named), due before <paramref name="before"/>, ordered by due
    /// time; a page's token names the key of its last journey, the next page starting after it.
    /// </summary>
    private static async Task<IResult> ListWorkAsync(
        HttpContext http, IWorkIndex work, PolicyBook policies, CouncilDirectory councils, Caller caller, string? localAuthority, string? stage, string? status,
        bool? overdue, DateTimeOffset? before, string? clock, string? allocatedTo, string? after, int size, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (status is not null && status != nameof(JourneyStatus.Active))
        {
            return TypedResults.Ok(new JourneyPage([], null));
        }

        var owners = localAuthority is not null ? [localAuthority] : councils.Ids.Where(caller.CanSee).ToList();
        var found = await work.ListAsync(new WorkQuery(owners, clock, before, stage, allocatedTo, overdue, now, after, size), cancellationToken);
        var page = found.Take(size).ToList();
        AccessAudit.NoteShown(http, page.Select(x => (x.Item.JourneyId, x.Item.Council)));
        var items = page.Select(x =>
        {
            var zone = policies.ZoneOf(x.Item.Council);
            return new JourneySummary(x.Item.JourneyId, x.Item.Council, x.Item.Stage, nameof(JourneyStatus.Active), TimeZoneInfo.ConvertTime(x.Item.ReceivedAt, zone),
                x.Item.FirstName, x.Item.LastName, x.Item.Clocks.Any(c => c.DueAt < now), x.Next?.Clock,
                x.Next is { } next ? TimeZoneInfo.ConvertTime(next.DueAt, zone) : null);
        }).ToList();
        return TypedResults.Ok(new JourneyPage(items, found.Count > size ? WorkPageToken(page[^1].Key) : null));
    }

    private const string WorkPagePrefix = "due.";

    /// <summary>
    /// A key of the list by due time: a clock row's (<c>a~</c>, UTC ticks in 19 digits, the journey's id, the clock, none
    /// for a journey with no clock running), or a row of the list by next clock as keys were before it read clock rows
    /// (<c>n~</c>, no clock).
    /// </summary>
    [GeneratedRegex("^(?<kind>[na])~(?<ticks>[0-9]{19})~(?<id>[0-9a-f]{32})(?:~(?<clock>[A-Za-z0-9]{0,40}))?\\z")]
    private static partial Regex WorkKey();

    /// <summary>A page of the list by due time ends at a row of the work index: the next page starts after its key.</summary>
    private static string WorkPageToken(string key) => WorkPagePrefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    /// <summary>The key a token names, if it is one this service gave out for a list by the clock asked for (none, or one).</summary>
    private static string? WorkPageAfter(string token, string? clock)
    {
        if (!token.StartsWith(WorkPagePrefix, StringComparison.Ordinal) || token.Length > 400)
        {
            return null;
        }

        try
        {
            var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(WorkPagePrefix.Length)));
            // a~{ticks}~{id}~{clock}: any clock row for the list by next clock (its rows marked Next), that clock's for one
            // clock's. A token given out before (n~{ticks}~{id}) goes on after every clock row of that journey and time.
            var match = WorkKey().Match(key);
            var keyed = match.Groups["clock"];
            return !match.Success ? null
                : match.Groups["kind"].Value == "n" ? (clock is null && !keyed.Success ? $"a~{match.Groups["ticks"].Value}~{match.Groups["id"].Value}~~" : null)
                : keyed.Success && (clock is null || keyed.Value == clock) ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>An optional query parameter parsed, or its error recorded under its name.</summary>
    private static T? ParseOptional<T>(string? text, string name, Dictionary<string, string[]> errors, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (text is null)
        {
            return null;
        }

        if (parse(text) is { } value)
        {
            return value;
        }

        errors[name] = [expected];
        return null;
    }

    /// <summary>The state rows' filter: the caller's councils (or the one asked for), and any stage, status and overdue asked for.</summary>
    private static string? ListFilter(Caller caller, string? localAuthority, string? stage, string? status, bool? overdue)
    {
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

        if (overdue is { } o)
        {
            filters.Add(TableClient.CreateQueryFilter($"Overdue eq {o}"));
        }

        return filters.Count == 0 ? null : string.Join(" and ", filters);
    }

    private static async Task<IResult> RecordEventAsync(string id, HttpContext http, JourneySteps steps, TimeProvider time, CancellationToken cancellationToken)
    {
        // With an Idempotency-Key, a retry after a lost answer gets the journey as it stands instead of a 409 or a second step.
        var (idempotencyKey, badKey) = IdempotencyKeys.Read(http.Request, "step");
        if (badKey is not null)
        {
            return badKey;
        }

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

        var result = await steps.RecordEventAsync(id, Caller.From(http.User), journeyEvent!, datedByCaller: request!.OccurredAt is not null,
            idempotencyKey.Length > 0 ? (idempotencyKey, JourneyIds.Fingerprint(request)) : null, cancellationToken);
        return await AnswerAsync(id, http, result, cancellationToken);
    }

    private static async Task<IResult> WithdrawAsync(string id, HttpContext http, JourneySteps steps, CancellationToken cancellationToken)
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

        var result = await steps.WithdrawAsync(id, Caller.From(http.User), code, request.Note, cancellationToken);
        return await AnswerAsync(id, http, result, cancellationToken);
    }

    /// <summary>
    /// A step's outcome as the API answers it: 404 for a journey the caller may not see (never 403: that would leak
    /// existence), 400 naming the field, 403, 503 when busy, 409 naming the stage and what it takes, and by default the
    /// whole journey after it.
    /// </summary>
    internal static async Task<IResult> AnswerAsync(string id, HttpContext http, StepResult result, CancellationToken cancellationToken, Func<Journey, IResult>? answer = null)
    {
        AccessAudit.Note(http, council: result.Council);
        switch (result.Outcome)
        {
            case StepOutcome.NotFound:
                return NotFound(id);
            case StepOutcome.Invalid:
                return Problems.Validation(result.Field!, result.Message!);
            case StepOutcome.Forbidden:
                return Problems.Forbidden(result.Message!);
            case StepOutcome.KeyReused:
                return IdempotencyKeys.Reused("step");
            case StepOutcome.Busy:
                // Every retry met a concurrent write: the journey is very busy. Nothing was written; try again.
                http.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem("The journey is being changed by others; nothing was recorded. Try again.",
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy.");
            case StepOutcome.Refused:
                var e = result.Refusal!;
                return Problems.Conflict(e.Message, new Dictionary<string, object?>
                {
                    ["stage"] = e.Stage.ToString(),
                    ["status"] = e.Status.ToString(),
                    ["event"] = e.EventType,
                    ["allowedEvents"] = Transitions.AllowedAt(e.Stage).Select(t => t.ToString()).ToArray(),
                    ["missingChecks"] = e.MissingChecks?.Select(m => new { personId = m.PersonId, check = m.Check }).ToArray(),
                });
        }

        var changed = result.Journey!;
        if (answer is not null)
        {
            return answer(changed);
        }

        // The state row is the one just committed; only the messages' delivery states and older history are read.
        var services = http.RequestServices;
        var history = await services.GetRequiredService<JourneyStore>().ReadEverythingElseAsync(changed, cancellationToken);
        return await RespondAsync(changed, history, services.GetRequiredService<CouncilDirectory>(), services.GetRequiredService<PolicyBook>(),
            services.GetRequiredService<TimeProvider>(), cancellationToken);
    }

    internal static (JourneyEvent? Event, Dictionary<string, string[]> Errors) ParseEvent(JourneyEventRequest request, DateTimeOffset now)
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
        string? words = null;
        string? staffMember = null;
        if (Transitions.FieldOf(type) is { } field)
        {
            var path = $"data.{field.Name}";
            JsonElement value = default;
            var present = request.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(field.Name, out value);
            if (field.Kind == EventFieldKind.StaffMember && present && value.ValueKind == JsonValueKind.Null)
            {
                // Allocated to nobody.
            }
            else if (!present || value.ValueKind != JsonValueKind.String || TextOf(value) is not { } text)
            {
                errors[path] = [field.Kind switch
                {
                    EventFieldKind.Time => "Required: a date-time with offset.",
                    EventFieldKind.Text => $"Required: text of 1 to {Text.NoteLength:N0} characters.",
                    EventFieldKind.StaffMember => StaffMemberRule,
                    _ => $"Required: one of {string.Join(", ", field.Choices!)}.",
                }];
            }
            else
            {
                var (parsed, wrong) = ParseField(field, text);
                (choice, when, words, staffMember) = parsed;
                if (wrong is not null)
                {
                    errors[path] = [wrong];
                }
            }
        }

        var (person, reason, firstName, dateOfBirth) = ParseStage1Fields(type, request.Data, occurredAt, errors);
        return (errors.Count == 0 ? new JourneyEvent(type, occurredAt, choice, when, person, reason, firstName, dateOfBirth, words, staffMember) : null, errors);
    }

    private const string StaffMemberRule = "A member of staff's sign-in id (such as olu.okafor@hertfordshire.example), or null for nobody.";

    /// <summary>An event's data field from the text sent: its value (by kind), or what is wrong with it.</summary>
    private static ((string? Choice, DateTimeOffset? When, string? Words, string? StaffMember) Value, string? Wrong) ParseField(EventField field, string text) =>
        field.Kind switch
        {
            EventFieldKind.Time => Instants.TryParse(text, out var at) ? ((null, at, null, null), null) : (default, Instants.Format),
            EventFieldKind.Text => string.IsNullOrWhiteSpace(text) ? (default, $"Required: text of 1 to {Text.NoteLength:N0} characters.")
                : Text.ProblemWithNote(text) is { } wrongNote ? (default, wrongNote)
                : ((null, null, text.Trim(), null), null),
            EventFieldKind.StaffMember => Text.IsSignInId(text)
                ? ((null, null, null, text), null) : (default, StaffMemberRule),
            _ => field.Choices!.Contains(text) ? ((text, null, null, null), null) : (default, $"One of {string.Join(", ", field.Choices!)}."),
        };

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
