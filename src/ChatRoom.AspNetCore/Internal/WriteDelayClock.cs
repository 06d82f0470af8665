namespace ChatRoom.AspNetCore.Internal;

/// <summary>
/// The ticks at which sessions with frames waiting send them, when a write delay is configured: one timer for every
/// socket of an endpoint, instead of one per socket and batch.
/// </summary>
/// <remarks>
/// The timer runs only while some session waits: the first waiter after a tick arms it, and every session that waits
/// before it fires is woken by the same tick. A frame therefore waits between zero and one delay, half of one on average.
/// </remarks>
internal sealed class WriteDelayClock : IDisposable
{
    private readonly TimeSpan _delay;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private TaskCompletionSource? _next;
    private bool _disposed;

    public WriteDelayClock(TimeSpan delay, TimeProvider timeProvider)
    {
        _delay = delay;
        _timer = timeProvider.CreateTimer(static state => ((WriteDelayClock)state!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Completes at the next tick.</summary>
    public Task NextTickAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            if (_next is null)
            {
                _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _timer.Change(_delay, Timeout.InfiniteTimeSpan);
            }

            return _next.Task;
        }
    }

    /// <summary>Stops the timer; sessions still waiting, and any that wait from now on, send at once.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer.Dispose();
        }

        Tick();
    }

    private void Tick()
    {
        TaskCompletionSource? due;
        lock (_lock)
        {
            due = _next;
            _next = null;
        }

        due?.SetResult();
    }
}
