namespace ChatRoom.Internal;

/// <summary>Fans out each room's broadcasts in the order they were queued, several at a time when they pile up.</summary>
/// <remarks>
/// Callers queue while holding the room's turn (<see cref="RoomSequencer"/>), so the queue is in seq order, and release
/// the turn before awaiting delivery: the next message of the room is stored while this one is fanned out. A room has
/// one pass under way at most; a pass sends everything queued so far in one go over the members, so every member gets
/// the frames in order and its writer wakes once for all of them. Under load the passes grow by themselves: the longer
/// one takes, the more queues up for the next. When each broadcast of a room waited for the previous one, the room
/// spent about twice the bare broadcaster's CPU per delivery (docs/benchmarks.md, section 8).
/// </remarks>
internal sealed class RoomOutbox(RoomBroadcaster broadcaster)
{
    private readonly Dictionary<string, RoomQueue> _rooms = new(StringComparer.Ordinal);

    /// <summary>Queues a frame for the room's members; call while holding the room's turn.</summary>
    /// <returns>A task that completes when every member has been handed the frame.</returns>
    public Task<BroadcastResult> QueueAsync(string room, ReadOnlyMemory<byte> frame, string? exceptConnectionId)
    {
        var broadcast = new QueuedBroadcast(new OutgoingFrame(frame, exceptConnectionId));
        RoomQueue? toStart = null;
        lock (_rooms)
        {
            if (!_rooms.TryGetValue(room, out var queue))
            {
                queue = new RoomQueue(room);
                _rooms.Add(room, queue);
                toStart = queue;
            }

            queue.Add(broadcast);
        }

        if (toStart is not null)
        {
            // Not inline: the caller still holds the room's turn.
            StartPass(toStart);
        }

        return broadcast.Delivered;
    }

    /// <summary>Completes once everything queued for the room so far has been fanned out (or has failed to be).</summary>
    public Task WhenSentAsync(string room)
    {
        lock (_rooms)
        {
            // WhenAny: a pass that failed has still ended, and its failure belongs to its own callers.
            return _rooms.TryGetValue(room, out var queue) && queue.LastQueued is { } last ? Task.WhenAny(last.Delivered) : Task.CompletedTask;
        }
    }

    /// <summary>Runs the room's next pass soon, on a thread-pool thread.</summary>
    /// <remarks>
    /// Passes run as work items on the local queue of the thread that asks for them, ahead of the writer loops a pass
    /// wakes (those sit in the global queue).
    /// </remarks>
    private void StartPass(RoomQueue queue) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Outbox.PassAsync(state.Queue), (Outbox: this, Queue: queue), preferLocal: true);

    private async Task PassAsync(RoomQueue queue)
    {
        List<QueuedBroadcast> batch;
        lock (_rooms)
        {
            if (!queue.HasPending)
            {
                _rooms.Remove(queue.Room);
                return;
            }

            batch = queue.TakePending();
        }

        BroadcastResult result;
        try
        {
            result = await broadcaster.BroadcastAsync(queue.Room, [.. batch.Select(b => b.Frame)], CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A broadcast does not throw for delivery or store problems; if it ever does, its callers get the error and the room goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            StartPass(queue);
            batch.ForEach(b => b.Fail(ex));
            return;
        }

        // The next pass is queued before the callers are released. A thread runs its local queue last in, first out,
        // so it runs their continuations first: what they queue next goes out together in that pass.
        StartPass(queue);

        // Connections found gone are reported once, to the first caller; everyone learns whether all members were reached.
        batch[0].Complete(result);
        var rest = result.Gone.Count == 0 ? result : result with { Gone = [] };
        for (var i = 1; i < batch.Count; i++)
        {
            batch[i].Complete(rest);
        }
    }

    /// <summary>A room's broadcasts waiting for the next pass, and the last one queued.</summary>
    private sealed class RoomQueue(string room)
    {
        private List<QueuedBroadcast> _pending = [];

        public string Room { get; } = room;

        public bool HasPending => _pending.Count > 0;

        /// <summary>The last broadcast queued, which may be in the pass under way.</summary>
        public QueuedBroadcast? LastQueued { get; private set; }

        public void Add(QueuedBroadcast broadcast)
        {
            _pending.Add(broadcast);
            LastQueued = broadcast;
        }

        public List<QueuedBroadcast> TakePending()
        {
            var taken = _pending;
            _pending = [];
            return taken;
        }
    }

    /// <summary>One queued frame and the caller waiting for it to go out.</summary>
    private sealed class QueuedBroadcast(OutgoingFrame frame)
    {
        // Asynchronous continuations: a pass never runs a caller's code.
        private readonly TaskCompletionSource<BroadcastResult> _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public OutgoingFrame Frame { get; } = frame;

        public Task<BroadcastResult> Delivered => _delivered.Task;

        public void Complete(BroadcastResult result) => _delivered.SetResult(result);

        public void Fail(Exception error) => _delivered.SetException(error);
    }
}
