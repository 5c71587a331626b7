using FosteringWorkflows.Auth;

namespace FosteringWorkflows.Pages;

/// <summary>
/// The identity provider is away and no metadata is held: a person sent to sign in is told so on a page (503, with when to
/// try again), not given the framework's error. The metadata is read again in the background meanwhile.
/// </summary>
public static class SignInUnavailablePage
{
    public const string RetryAfterSeconds = "30";

    public static IApplicationBuilder UseSignInUnavailablePage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (SignInUnavailableException) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            await PageResults.Message(context, StatusCodes.Status503ServiceUnavailable, "Sign-in is unavailable", "Sign-in is unavailable",
                ["The service cannot reach the sign-in service just now, so nobody can sign in. Your work is safe: nothing has been lost.",
                 "Try again in a minute. If it goes on for longer, tell your IT service desk."],
                context.Request.Path + context.Request.QueryString, "Try again").ExecuteAsync(context);
        }
    });
}
