using Microsoft.Extensions.Options;
using FosteringWorkflows.Councils;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FosteringWorkflows.Notifications;

/// <summary>Says which provider sends each council's texts and emails (and whether Teams alerts are on).</summary>
internal sealed class MessagingHealthCheck(CouncilDirectory councils, IOptions<CouncilMessagingOptions> messaging) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy("Providers by council.", councils.Ids.ToDictionary(
            id => id,
            id => (object)new { sms = messaging.Value.For(id).Sms.ToString(), email = messaging.Value.For(id).Email.ToString(), teams = messaging.Value.For(id).TeamsWebhookUrl is not null })));
}
