namespace FosteringWorkflows.Hosting;

/// <summary>
/// Every answer: no type sniffing, no referrer (page addresses hold journey ids). The pages for people also: no script,
/// nothing from elsewhere, never framed.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api", StringComparison.Ordinal) && !path.StartsWithSegments("/scalar", StringComparison.Ordinal)
            && !path.StartsWithSegments("/openapi", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = PagePolicy;
            headers.XFrameOptions = "DENY";
        }
        else if (path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            // An API answer that is a page (the subject access export as HTML) is held to the pages' rules too.
            context.Response.OnStarting(() =>
            {
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    headers.ContentSecurityPolicy = PagePolicy;
                    headers.XFrameOptions = "DENY";
                }

                return Task.CompletedTask;
            });
        }

        await next(context);
    });
}
