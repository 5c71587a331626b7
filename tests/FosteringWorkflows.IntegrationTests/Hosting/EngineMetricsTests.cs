using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FosteringWorkflows.Hosting;
using FosteringWorkflows.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace FosteringWorkflows.IntegrationTests.Hosting;

/// <summary>The domain's metrics, read with a listener on this host's meters: counted once per stored change, tagged without personal data.</summary>
[Collection(AzuriteTests.Name)]
public sealed class EngineMetricsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EnquiryThenItsClockBreached_OpenedBreachedAndLatenessRecorded_TaggedByCouncilAndClockOnly()
    {
        using var service = new TestService(azurite);
        var meters = service.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EngineMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measured.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measured.Add((i.Name, v, Tags(tags))));
        listener.Start();

        using var officer = service.Officer();
        var id = await officer.StartJourneyAsync();
        var opened = Assert.Single(measured, m => m.Instrument == "fosteringworkflows.journeys.opened");
        Assert.Equal("hertfordshire", opened.Tags["council"]);

        await officer.AdvanceAsync("P7D");
        var journey = await officer.GetJsonAsync($"/api/journeys/{id}");
        Assert.Equal("Breached", journey.Deadline("EnquiryResponse").Str("state"));

        var breached = Assert.Single(measured, m => m.Instrument == "fosteringworkflows.deadlines.breached");
        Assert.Equal("EnquiryResponse", breached.Tags["clock"]);
        var points = measured.Where(m => m.Instrument == "fosteringworkflows.timers.lateness").Select(m => (string)m.Tags["point"]!).ToHashSet();
        var escalated = journey.Deadline("EnquiryResponse").TryGetProperty("escalatedAt", out var at) && at.ValueKind != System.Text.Json.JsonValueKind.Null;
        Assert.Equal(escalated ? ["due", "escalation", "warning"] : ["due", "warning"], points.Order());
        Assert.Contains(measured, m => m.Instrument == "fosteringworkflows.messages.sent" && (string)m.Tags["provider"]! == "Dev");

        // Nothing about the applicant or the journey in any tag.
        var everyTag = string.Join(" ", measured.SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}")));
        Assert.DoesNotContain(id, everyTag, StringComparison.Ordinal);
        Assert.DoesNotContain("@", everyTag, StringComparison.Ordinal);
        Assert.DoesNotContain("07", everyTag, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionString_Set_TelemetryExported_Unset_NothingRegistered()
    {
        using var local = new TestService(azurite);
        Assert.Null(local.Services.GetService<TracerProvider>());

        using var azure = new TestService(azurite, settings: new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        });
        Assert.NotNull(azure.Services.GetService<TracerProvider>());
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        return copy;
    }
}
