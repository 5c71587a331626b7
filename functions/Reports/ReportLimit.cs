using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Reports;

/// <summary>
/// Reports cost storage reads that grow with councils and months: each caller (a key by its name, a signed-in person by
/// theirs, anyone else by address) reads at most <see cref="ReportOptions.RequestsPerMinute"/> a minute, then gets 429
/// with Retry-After, so one caller in a loop cannot slow everyone's enquiries.
/// </summary>
public static class ReportLimit
{
    public const string Policy = "reports";

    public static void AddReportLimit(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.AddPolicy(Policy, context =>
        {
            var who = context.User.Identity?.IsAuthenticated == true ? "caller:" + context.User.Identity.Name : "address:" + context.Connection.RemoteIpAddress;
            var perMinute = context.RequestServices.GetRequiredService<IOptions<ReportOptions>>().Value.RequestsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter(who, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        });
        o.OnRejected = (rejected, cancellationToken) =>
        {
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return new ValueTask(TypedResults.Problem(
                "Too many reports asked for in a minute; try again shortly.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
                type: "https://tools.ietf.org/html/rfc6585#section-4").ExecuteAsync(rejected.HttpContext));
        };
    });
}
