using System.Diagnostics.Metrics;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// The domain's own metrics (meter <c>FosteringWorkflows</c>), exported with the platform's when telemetry is on. Tags
/// are councils, clocks, channels and providers only: never a journey, a name or a number.
/// </summary>
public sealed class EngineMetrics
{
    public const string MeterName = "FosteringWorkflows";

    private readonly Counter<long> _opened;
    private readonly Counter<long> _breached;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _lateness;
    private readonly Counter<long> _auditDropped;
    private readonly Counter<long> _anonymousUnrecorded;

    public EngineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _opened = meter.CreateCounter<long>("fosteringworkflows.journeys.opened", "{journey}", "Journeys opened (enquiries received).");
        _breached = meter.CreateCounter<long>("fosteringworkflows.deadlines.breached", "{deadline}", "Clocks that passed their due time while running.");
        _sent = meter.CreateCounter<long>("fosteringworkflows.messages.sent", "{message}", "Messages handed to a provider and accepted.");
        _failed = meter.CreateCounter<long>("fosteringworkflows.messages.failed", "{message}", "Messages given up on.");
        _auditDropped = meter.CreateCounter<long>("fosteringworkflows.audit.dropped", "{entry}", "Audit entries lost: held while storage was away, past the bound.");
        _anonymousUnrecorded = meter.CreateCounter<long>("fosteringworkflows.audit.anonymous_unrecorded", "{call}", "Calls without a key or session refused (401) past the audit's bound a minute: counted, not written.");
        _lateness = meter.CreateHistogram<double>("fosteringworkflows.timers.lateness", "s", "From a clock point's due instant to the change it caused being committed.");
    }

    public void AuditDropped(int count) => _auditDropped.Add(count);

    public void AnonymousRefusalUnrecorded() => _anonymousUnrecorded.Add(1);

    public void JourneyOpened(string council) => _opened.Add(1, new KeyValuePair<string, object?>("council", council));

    public void DeadlineBreached(string council, string clock) =>
        _breached.Add(1, new KeyValuePair<string, object?>("council", council), new KeyValuePair<string, object?>("clock", clock));

    public void ClockPointReached(string council, string point, TimeSpan late) =>
        _lateness.Record(Math.Max(0, late.TotalSeconds), new KeyValuePair<string, object?>("council", council), new KeyValuePair<string, object?>("point", point));

    public void MessageSent(string channel, string provider) =>
        _sent.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("provider", provider));

    public void MessageFailed(string channel, string provider) =>
        _failed.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("provider", provider));
}
