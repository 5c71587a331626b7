using System.Text.Json;
using System.Text.Json.Serialization;

namespace FosteringWorkflows.Hosting;

/// <summary>RFC 9457 problem+json answers, with an <c>errors</c> map naming the fields at fault.</summary>
public static class Problems
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields.", type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.");

    public static IResult Conflict(string detail, IDictionary<string, object?> extensions) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "The request does not fit the journey's current state.", extensions: extensions);

    /// <summary>Reads a JSON request body; see <see cref="ParseJson{T}"/>.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Validation("body", "Send a JSON body with Content-Type: application/json."));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return ParseJson<T>(buffer.ToArray());
    }

    /// <summary>
    /// Parses JSON in two steps so each error names the right thing: broken JSON is a 400 on <c>body</c>; a value
    /// of the wrong type is a 400 on its field (from the JSON path, <c>$.applicant.email</c> → <c>applicant.email</c>).
    /// Unknown fields are ignored.
    /// </summary>
    public static (T? Value, IResult? Problem) ParseJson<T>(byte[] body)
        where T : class
    {
        try
        {
            using var syntax = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return (null, Validation("body", "The body is not valid JSON."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Json);
            return value is null ? (null, Validation("body", "The body is empty.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Validation(field, "This value is not of the expected type or format."));
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
