using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Hub;

/// <summary>Each hub's request allowance (a fixed window a minute long), so one misbehaving hub cannot flood the service.</summary>
public sealed class HubGate : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public HubGate(IOptions<HubsOptions> hubs) =>
        _limiter = PartitionedRateLimiter.Create<string, string>(hub => RateLimitPartition.GetFixedWindowLimiter(hub, id => new FixedWindowRateLimiterOptions
        {
            PermitLimit = hubs.Value.Items[id].RequestsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryEnter(string hubId, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(hubId);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
