using System.Diagnostics;

/// <summary>Every outgoing HTTP request to the storage emulator's ports, by path, from .NET's own diagnostics, until stopped.</summary>
internal sealed class RequestWatch : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IReadOnlySet<int> _ports;
    private readonly Action<string> _seen;
    private readonly IDisposable _all;
    private readonly List<IDisposable> _listeners = [];
    private volatile bool _stopped;

    public RequestWatch(IReadOnlySet<int> ports, Action<string> seen)
    {
        _ports = ports;
        _seen = seen;
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public void Stop() => _stopped = true;

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "HttpHandlerDiagnosticListener")
        {
            lock (_listeners)
            {
                _listeners.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (_stopped || value.Key != "System.Net.Http.HttpRequestOut.Start")
        {
            return;
        }

        if (value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage { RequestUri: { } uri } && _ports.Contains(uri.Port))
        {
            _seen(uri.AbsolutePath);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_listeners)
        {
            _listeners.ForEach(l => l.Dispose());
        }
    }
}
