using FosteringWorkflows.Hosting;

namespace FosteringWorkflows.Auth;

public static class SessionEndpoints
{
    /// <summary><c>DELETE /api/sessions?user=…</c> (Admin): ends every session of one person, on every replica, at once.</summary>
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/sessions", async (StoredSessions sessions, CancellationToken cancellationToken, string? user = null) =>
            {
                if (string.IsNullOrWhiteSpace(user) || Text.ProblemWithName(user) is not null)
                {
                    return Problems.Validation("user", "The person's sign-in name (as the audit records it), such as jo.bloggs@council.gov.uk.");
                }

                return TypedResults.Ok(new { user, ended = await sessions.EndAllAsync(user.Trim(), cancellationToken) });
            })
            .WithTags("Staff").WithSummary("End every session of a member of staff (they must sign in again).")
            .RequireAuthorization(StaffPolicies.Admin).ProducesValidationProblem();
        return app;
    }
}
