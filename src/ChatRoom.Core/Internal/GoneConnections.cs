using Microsoft.Extensions.Logging;

namespace ChatRoom.Internal;

/// <summary>Connections a send found gone, waiting for <see cref="Departures"/> to remove them: de-duplicated and bounded.</summary>
/// <remarks>
/// Every send reports here directly (fan-out, replies, error frames), as SignalR aborts a connection whose write failed;
/// nothing carries gone connections back to the caller. A connection is queued once until its removal ends, however
/// many concurrent broadcasts find it. Beyond <see cref="MaxPending"/> reports are dropped: the next send finds the
/// connection again, and a store whose records expire drops it anyway.
/// </remarks>
internal sealed class GoneConnections(ChatRoomMetrics metrics, ILogger<GoneConnections> logger)
{
    public const int MaxPending = 10_000;

    private readonly ILogger _logger = logger;
    private readonly Queue<string> _queued = new();

    // Queued or being removed.
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private int _queuedCount;

    /// <summary>Gets whether a connection waits to be taken; read without a lock on every frame.</summary>
    public bool HasQueued => Volatile.Read(ref _queuedCount) > 0;

    /// <summary>Queues a connection for removal unless it is queued or being removed already.</summary>
    public void Report(string connectionId)
    {
        lock (_pending)
        {
            if (_pending.Count >= MaxPending || !_pending.Add(connectionId))
            {
                return;
            }

            _queued.Enqueue(connectionId);
            _queuedCount = _queued.Count;
        }

        metrics.Gone(1);
        Log.ConnectionGone(_logger, connectionId);
    }

    /// <summary>Takes the next connection to remove; the caller removes it and then calls <see cref="Removed"/>.</summary>
    public bool TryTake(out string connectionId)
    {
        lock (_pending)
        {
            var taken = _queued.TryDequeue(out connectionId!);
            _queuedCount = _queued.Count;
            return taken;
        }
    }

    /// <summary>Forgets a connection taken with <see cref="TryTake"/>: a later report queues it again.</summary>
    public void Removed(string connectionId)
    {
        lock (_pending)
        {
            _pending.Remove(connectionId);
        }
    }
}
