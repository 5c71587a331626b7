namespace FosteringWorkflows.Hosting;

/// <summary>One body limit for every endpoint: a larger body is a 413 problem, never a 500.</summary>
public static class BodyLimit
{
    public static void LimitBodies(this WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Problems.MaxBodyBytes);

    /// <summary>Refuses a declared length over the limit before anything reads the body.</summary>
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > Problems.MaxBodyBytes)
        {
            await Problems.TooLarge().ExecuteAsync(context);
            return;
        }

        await next(context);
    });
}
