using System.Collections.Concurrent;

/// <summary>
/// How the bench learns, without extra storage calls, that an orchestration has done what was sent to it (the
/// orchestrator's code ran past the step and its message, not replaying) and when its timers fired.
/// </summary>
internal sealed class DurableTaskProbe(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _expected = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> _lateMilliseconds = new();

    public IReadOnlyCollection<double> LateMilliseconds => _lateMilliseconds;

    /// <summary>Call before sending: the task completes when the orchestration has run on what was sent.</summary>
    public Task Expect(string instanceId)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected[instanceId] = seen;
        return seen.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public int Fired() => _lateMilliseconds.Count;

    public void Seen(string instanceId)
    {
        if (_expected.TryRemove(instanceId, out var seen))
        {
            seen.TrySetResult();
        }
    }

    public void Fired(DateTime due) => _lateMilliseconds.Enqueue((time.GetUtcNow().UtcDateTime - due).TotalMilliseconds);
}
