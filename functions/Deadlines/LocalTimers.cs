namespace FosteringWorkflows.Deadlines;

/// <summary>
/// The timers this instance armed itself, in memory and in time order, so that it can wake each journey at the due
/// instant instead of waiting for the next sweep and queue poll. Only a shortcut: every timer is also a row in the
/// timer index, which the sweep (this instance's or another's) still finds if this instance dies or is too busy.
/// Disabled until the real-time loops start (a simulated clock moves only when told to).
/// </summary>
public sealed class LocalTimers : IDisposable
{
    /// <summary>Beyond this many remembered timers new ones are left to the sweep, so memory stays bounded.</summary>
    public const int Capacity = 1_000_000;

    // Row keys begin with the due instant's UTC ticks, so ordinal order is time order.
    private readonly SortedDictionary<string, TimerRow> _timers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _earlier = new(0, 1);
    private volatile bool _enabled;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    public void Enable() => _enabled = true;

    public void Dispose() => _earlier.Dispose();

    public void Add(IEnumerable<TimerRow> timers)
    {
        if (!_enabled)
        {
            return;
        }

        var signal = false;
        lock (_lock)
        {
            foreach (var timer in timers)
            {
                if (_timers.Count >= Capacity)
                {
                    break;
                }

                var first = _timers.Count == 0 ? null : _timers.Keys.First();
                _timers[timer.RowKey] = timer;
                signal |= first is null || string.CompareOrdinal(timer.RowKey, first) < 0;
            }
        }

        if (signal && _earlier.CurrentCount == 0)
        {
            try
            {
                _earlier.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public void Remove(TimerRow timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer.RowKey);
        }
    }

    /// <summary>Takes up to <paramref name="max"/> timers due by <paramref name="now"/>; also says when the next one is due.</summary>
    public (List<TimerRow> Due, DateTimeOffset? Next) TakeDue(DateTimeOffset now, int max)
    {
        var due = new List<TimerRow>();
        lock (_lock)
        {
            foreach (var (key, timer) in _timers)
            {
                if (timer.DueAt > now || due.Count >= max)
                {
                    break;
                }

                due.Add(timer);
            }

            foreach (var timer in due)
            {
                _timers.Remove(timer.RowKey);
            }

            return (due, _timers.Count == 0 ? null : _timers.Values.First().DueAt);
        }
    }

    /// <summary>Waits until <paramref name="wait"/> has passed or a timer earlier than all others was added.</summary>
    public Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken) => _earlier.WaitAsync(wait, cancellationToken);
}
