using System.Text.Json;
using System.Text.Json.Serialization;

namespace FosteringWorkflows.Hosting;

/// <summary>RFC 9457 problem+json answers, with an <c>errors</c> map naming the fields at fault.</summary>
public static class Problems
{
    /// <summary>The largest request body any endpoint takes.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static readonly JsonSerializerOptions Json = CreateJson();

    public static IResult TooLarge() =>
        TypedResults.Problem($"A request body is at most {MaxBodyBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The request is too large.", type: "https://tools.ietf.org/html/rfc9110#section-15.5.14");

    public static IResult UnsupportedMediaType() =>
        TypedResults.Problem("Send a JSON body with Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type.", type: "https://tools.ietf.org/html/rfc9110#section-15.5.16",
            extensions: new Dictionary<string, object?> { ["expected"] = "application/json" });

    /// <summary>
    /// Reads at most <see cref="MaxBodyBytes"/> of a body. Null when it is longer: the caller answers 413. The limit is
    /// also set on the server, but a test server or a chunked body is held to it here as well.
    /// </summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            for (int read; (read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0;)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields.", type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.");

    /// <summary>A journey that existed and was purged (erased, or its retention ended): a retry does not bring it back.</summary>
    public static IResult Purged() =>
        TypedResults.Problem("This enquiry's records were erased or reached the end of their retention period; it is not created again.",
            statusCode: StatusCodes.Status410Gone, title: "Purged.", type: "https://tools.ietf.org/html/rfc9110#section-15.5.11");

    public static IResult Conflict(string detail, IDictionary<string, object?> extensions) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "The request does not fit the journey's current state.", extensions: extensions);

    /// <summary>Reads a JSON request body; see <see cref="ParseJson{T}"/>.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, UnsupportedMediaType());
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        return body is null ? (null, TooLarge()) : ParseJson<T>(body);
    }

    /// <summary>
    /// Parses JSON in two steps so each error names the right thing: broken JSON is a 400 on <c>body</c>; a value
    /// of the wrong type is a 400 on its field (from the JSON path, <c>$.applicant.email</c> → <c>applicant.email</c>).
    /// Unknown fields are ignored, and so is a UTF-8 byte-order mark before the JSON (some senders write one).
    /// </summary>
    public static (T? Value, IResult? Problem) ParseJson<T>(byte[] body)
        where T : class
    {
        ReadOnlyMemory<byte> json = body.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body.AsMemory(3) : body;
        try
        {
            using var syntax = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return (null, Validation("body", "The body is not valid JSON."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(json.Span, Json);
            return value is null ? (null, Validation("body", "The body is empty.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Validation(field, e is JsonFieldException ? e.Message : "This value is not of the expected type or format."));
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new OffsetDateTimeConverter());
        return options;
    }
}
