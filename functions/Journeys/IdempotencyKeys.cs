using FosteringWorkflows.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FosteringWorkflows.Journeys;

/// <summary>The <c>Idempotency-Key</c> header, as intake and events both take it: read, checked, and refused when reused.</summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>The request's key (empty when none), or a 400 naming the header when it is not 1 to 100 visible ASCII characters.</summary>
    public static (string Key, IResult? Problem) Read(HttpRequest request, string retried)
    {
        var key = request.Headers[Header].ToString();
        return key.Length > 0 && !JourneyIds.IsValidKey(key)
            ? (key, Problems.Validation(Header, $"1 to 100 visible ASCII characters, the same on every retry of one {retried}."))
            : (key, null);
    }

    /// <summary>The key was first used for a different <paramref name="what"/>: 422 naming the header; nothing was recorded.</summary>
    public static ProblemHttpResult Reused(string what) => TypedResults.Problem(
        $"This {Header} was first used for a different {what}; nothing was recorded. Use a new key for a new {what}.",
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused with a different body.",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.21", extensions: new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { [Header] = [$"Used before with a different {what}."] },
        });
}
