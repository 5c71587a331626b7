using System.Diagnostics.Metrics;

/// <summary>Counts HTTP requests to the storage emulator's ports, from .NET's own HttpClient metrics.</summary>
internal sealed class StorageCallCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public StorageCallCounter(IReadOnlySet<int> ports)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && tag.Value is int port && ports.Contains(port))
                {
                    Interlocked.Increment(ref _count);
                }
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
