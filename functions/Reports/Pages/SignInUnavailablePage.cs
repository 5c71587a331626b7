using FosteringWorkflows.Auth;

namespace FosteringWorkflows.Reports.Pages;

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
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/html; charset=utf-8";
            var page = new Page().Heading(1, "Sign-in is unavailable");
            page.Paragraph("The service cannot reach the sign-in service just now, so nobody can sign in. Your work is safe: nothing has been lost.");
            page.Paragraph("Try again in a minute. If it goes on for longer, tell your IT service desk.");
            page.Link(context.Request.Path + context.Request.QueryString, "Try again");
            await context.Response.WriteAsync(page.Render("Sign-in is unavailable", null, null, null), context.RequestAborted);
        }
    });
}
