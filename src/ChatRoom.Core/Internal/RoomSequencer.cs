namespace ChatRoom.Internal;

/// <summary>Each room's turn and outbox: what is stored under the turn is fanned out in that order, several frames per pass.</summary>
/// <remarks>
/// <para>
/// A caller stores under the room's turn and queues the frame before it gives the turn up, so the outbox is in seq
/// order; it awaits the fan-out after, so the room's next message is stored meanwhile. A room has one pass under way at
/// most; a pass sends everything queued so far in one loop over the members, so every member gets the frames in order
/// and its writer wakes once for all of them. The longer a pass takes, the more queues up for the next. A join waits
/// for the outbox under the turn, so within one process a joiner sees each message once (in its reply or live); across
/// processes seq and the reply's range carry that. Measured against fanning out each message by itself, without the
/// turn, in docs/benchmarks.md ("One broadcast path").
/// </para>
/// <para>
/// The turn and the passes are handed on as work items on the local queue of the thread that frees them, so a busy
/// room's next broadcast runs ahead of the writer loops the previous one woke (those sit in the global queue). A room
/// costs nothing while nobody holds, awaits or fills its turn.
/// </para>
/// </remarks>
internal sealed class RoomSequencer(RoomBroadcaster broadcaster)
{
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    /// <summary>Waits for the room's turn; waiters get it in arrival order.</summary>
    public ValueTask<Turn> EnterAsync(string room, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<Turn>(cancellationToken);
        }

        TaskCompletionSource waiter;
        Room state;
        lock (_rooms)
        {
            if (!_rooms.TryGetValue(room, out state!))
            {
                state = new Room(room);
                _rooms.Add(room, state);
            }

            state.Users++;
            if (!state.Held)
            {
                state.Held = true;
                return ValueTask.FromResult(new Turn(this, state));
            }

            // Completed from the hand-over work item, which then runs the waiter's continuation itself.
            waiter = new TaskCompletionSource();
            state.Waiters.Enqueue(waiter);
        }

        return WaitAsync(state, waiter, cancellationToken);
    }

    private async ValueTask<Turn> WaitAsync(Room room, TaskCompletionSource waiter, CancellationToken cancellationToken)
    {
        try
        {
            using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), waiter))
            {
                await waiter.Task.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled before the turn was handed over: the hand-over skips this waiter.
            lock (_rooms)
            {
                Forget(room);
            }

            throw;
        }

        return new Turn(this, room);
    }

    private void Release(Room room)
    {
        lock (_rooms)
        {
            Forget(room);
            if (room.Waiters.Count == 0)
            {
                room.Held = false;
                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Sequencer.HandOver(state.Room), (Sequencer: this, Room: room), preferLocal: true);
    }

    /// <summary>Gives the turn to the first waiter that is still waiting, or frees it.</summary>
    private void HandOver(Room room)
    {
        while (true)
        {
            TaskCompletionSource? next;
            lock (_rooms)
            {
                if (!room.Waiters.TryDequeue(out next))
                {
                    room.Held = false;
                    return;
                }
            }

            // Outside the lock: this runs the waiter's continuation. A waiter cancelled meanwhile is skipped.
            if (next.TrySetResult())
            {
                return;
            }
        }
    }

    private Task<bool> Queue(Room room, OutgoingFrame frame)
    {
        var queued = new QueuedFrame(frame);
        bool start;
        lock (_rooms)
        {
            room.Pending.Add(queued);
            room.LastQueued = queued;
            start = !room.Sending;
            room.Sending = true;
        }

        if (start)
        {
            // Not inline: the caller still holds the turn.
            StartPass(room);
        }

        return queued.Delivered;
    }

    private Task WhenSentAsync(Room room)
    {
        lock (_rooms)
        {
            // WhenAny: a pass that failed has still ended, and its failure belongs to its own callers.
            return room.Sending && room.LastQueued is { } last ? Task.WhenAny(last.Delivered) : Task.CompletedTask;
        }
    }

    private void StartPass(Room room) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Sequencer.PassAsync(state.Room), (Sequencer: this, Room: room), preferLocal: true);

    private async Task PassAsync(Room room)
    {
        List<QueuedFrame> batch;
        lock (_rooms)
        {
            if (room.Pending.Count == 0)
            {
                room.Sending = false;
                room.LastQueued = null;
                Forget(room, leaving: false);
                return;
            }

            batch = room.Pending;
            room.Pending = [];
        }

        bool reachedEveryMember;
        try
        {
            reachedEveryMember = await broadcaster.BroadcastAsync(room.Name, [.. batch.Select(b => b.Frame)], CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A broadcast does not throw for delivery or store problems; if it ever does, its callers get the error and the room goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            StartPass(room);
            batch.ForEach(b => b.Fail(ex));
            return;
        }

        // The next pass is queued before the callers are released. A thread runs its local queue last in, first out,
        // so it runs their continuations first: what they queue next goes out together in that pass.
        StartPass(room);
        batch.ForEach(b => b.Complete(reachedEveryMember));
    }

    /// <summary>Drops a room nobody holds, awaits or fills any more; call under the lock.</summary>
    private void Forget(Room room, bool leaving = true)
    {
        if (leaving)
        {
            room.Users--;
        }

        if (room.Users == 0 && !room.Sending)
        {
            _rooms.Remove(room.Name);
        }
    }

    /// <summary>Holds a room's turn until disposed; frames queued with it go out in the order queued.</summary>
    public readonly struct Turn : IDisposable
    {
        private readonly RoomSequencer _sequencer;
        private readonly Room _room;

        internal Turn(RoomSequencer sequencer, Room room)
        {
            _sequencer = sequencer;
            _room = room;
        }

        /// <summary>Queues a frame for the room's members, after everything queued before it.</summary>
        /// <returns>A task that completes when every member has been handed the frame: <see langword="false"/> when the members could not (all) be listed.</returns>
        public Task<bool> QueueAsync(ReadOnlyMemory<byte> frame, string? exceptConnectionId) =>
            _sequencer.Queue(_room, new OutgoingFrame(frame, exceptConnectionId));

        /// <summary>Completes once everything queued for the room so far has been fanned out (or has failed to be).</summary>
        public Task WhenSentAsync() => _sequencer.WhenSentAsync(_room);

        public void Dispose() => _sequencer.Release(_room);
    }

    /// <summary>A room's turn (holder, waiters in arrival order, how many hold or await it) and its outbox.</summary>
    internal sealed class Room(string name)
    {
        public string Name { get; } = name;

        public bool Held { get; set; }

        public Queue<TaskCompletionSource> Waiters { get; } = new();

        public int Users { get; set; }

        public List<QueuedFrame> Pending { get; set; } = [];

        /// <summary>Gets or sets the last frame queued, which may be in the pass under way.</summary>
        public QueuedFrame? LastQueued { get; set; }

        /// <summary>Gets or sets whether a pass is under way or queued.</summary>
        public bool Sending { get; set; }
    }

    /// <summary>One queued frame and the caller waiting for it to go out.</summary>
    internal sealed class QueuedFrame(OutgoingFrame frame)
    {
        // Asynchronous continuations: a pass never runs a caller's code.
        private readonly TaskCompletionSource<bool> _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public OutgoingFrame Frame { get; } = frame;

        public Task<bool> Delivered => _delivered.Task;

        public void Complete(bool reachedEveryMember) => _delivered.SetResult(reachedEveryMember);

        public void Fail(Exception error) => _delivered.SetException(error);
    }
}
