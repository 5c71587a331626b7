using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// The OpenAPI document behind <c>/scalar/v1</c>: a title and introduction, the <c>X-Api-Key</c> scheme on every staff
/// operation, and the error answers each operation can give, all as problem+json.
/// </summary>
public static class ApiDocument
{
    public const string ApiKeyScheme = "ApiKey";

    private const string Introduction = """
        Foster-carer recruitment for UK councils: each prospective carer's journey from first enquiry to the agency's
        decision, with its service-level and statutory clocks, messages to the applicant and alerts to the team.

        Staff calls carry an `X-Api-Key` bound to a role (Officer, Manager, Admin) and a set of councils; a journey of
        another council answers 404. The regional hub's webhook is signed with HMAC instead (`X-Hub-Timestamp`,
        `X-Hub-Signature-256`). Times are ISO 8601 with an offset; durations ISO 8601. Every error is RFC 9457
        problem+json, with an `errors` map naming the fields at fault. Request bodies are at most 256 KB.
        """;

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = "FosteringWorkflows API", Version = "v1", Description = Introduction };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "A staff key: role and councils. Samples: dev-officer-key, dev-manager-key, dev-herts-officer-key, dev-admin-key.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var description = context.Description;
            var path = "/" + (description.RelativePath ?? "");
            var method = description.HttpMethod ?? "GET";
            var staff = description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any();
            operation.Responses ??= new OpenApiResponses();
            if (staff)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] });
                Add(operation, "401", "No valid X-Api-Key.");
                Add(operation, "403", "The key's role or councils do not cover this.");
            }

            if (method == "POST")
            {
                Add(operation, "400", "A field is wrong: the problem's errors map names it.");
                Add(operation, "413", "The body is over 256 KB.");
                Add(operation, "415", "The body is not sent as application/json.");
            }
            else if (description.ParameterDescriptions.Count > 0)
            {
                Add(operation, "400", "A parameter is wrong: the problem's errors map names it.");
            }

            if (path.Contains("{id}", StringComparison.Ordinal))
            {
                Add(operation, "404", "No such journey that this key may see.");
            }

            if (path.Contains("/events", StringComparison.Ordinal) || path.Contains("/withdraw", StringComparison.Ordinal) || path.Contains("/route", StringComparison.Ordinal))
            {
                Add(operation, "409", "The step does not fit the journey's stage or status (the problem names both).");
            }

            if (path == "/api/enquiries")
            {
                Add(operation, "422", "The Idempotency-Key was first used with a different body.");
            }

            if (path.StartsWith("/api/hub/", StringComparison.Ordinal))
            {
                Add(operation, "401", "A missing, stale or wrong signature.");
                Add(operation, "422", "The preferred council is not one this service runs.");
                Add(operation, "429", "The hub's allowance is used up; see Retry-After.");
            }

            return Task.CompletedTask;
        });
    });

    private static void Add(OpenApiOperation operation, string status, string description) =>
        operation.Responses!.TryAdd(status, new OpenApiResponse { Description = description });
}
