using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FosteringWorkflows.Hosting;

internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        // Which provider each council uses is for staff: an anonymous caller (a load balancer's probe) sees only states.
        var staff = context.User.Identity?.IsAuthenticated == true;
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = staff ? e.Value.Description : null,
                data = staff ? e.Value.Data : null,
            }),
        });
    }
}
