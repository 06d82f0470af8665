namespace ChatRoom.Internal;

/// <summary>One async gate per room, so that storing a message and fanning it out happen in seq order.</summary>
/// <remarks>
/// Gates exist only while someone holds or waits for them; an idle room costs nothing.
/// Waiters get the gate in arrival order. The hand-over is queued as a work item preferring the releasing thread's
/// local queue, so a busy room's next broadcast runs as soon as the current work item ends, ahead of the writer loops
/// the previous broadcast woke (they sit in the global queue). With a <see cref="SemaphoreSlim"/> the next broadcast
/// waited behind them, and a 1,000-member room's fan-out cost about 1.7x the CPU per delivery (docs/benchmarks.md).
/// </remarks>
internal sealed class RoomSequencer
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    public ValueTask<Turn> EnterAsync(string room, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<Turn>(cancellationToken);
        }

        TaskCompletionSource waiter;
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(room, out gate!))
            {
                gate = new Gate();
                _gates.Add(room, gate);
            }

            gate.Users++;
            if (!gate.Held)
            {
                gate.Held = true;
                return ValueTask.FromResult(new Turn(this, room, gate));
            }

            // Completed from the hand-over work item, which then runs the waiter's continuation itself.
            waiter = new TaskCompletionSource();
            gate.Waiters.Enqueue(waiter);
        }

        return WaitAsync(room, gate, waiter, cancellationToken);
    }

    private async ValueTask<Turn> WaitAsync(string room, Gate gate, TaskCompletionSource waiter, CancellationToken cancellationToken)
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
            // Cancelled before the gate was handed over: the hand-over skips this waiter.
            Forget(room, gate);
            throw;
        }

        return new Turn(this, room, gate);
    }

    private void Release(string room, Gate gate)
    {
        Forget(room, gate);
        lock (_gates)
        {
            if (gate.Waiters.Count == 0)
            {
                gate.Held = false;
                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Sequencer.HandOver(state.Gate), (Sequencer: this, Gate: gate), preferLocal: true);
    }

    /// <summary>Gives the gate to the first waiter that is still waiting, or frees it.</summary>
    private void HandOver(Gate gate)
    {
        while (true)
        {
            TaskCompletionSource? next;
            lock (_gates)
            {
                if (!gate.Waiters.TryDequeue(out next))
                {
                    gate.Held = false;
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

    private void Forget(string room, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(room);
            }
        }
    }

    /// <summary>Holds a room's gate until disposed.</summary>
    public readonly struct Turn(RoomSequencer sequencer, string room, Gate gate) : IDisposable
    {
        public void Dispose() => sequencer.Release(room, gate);
    }

    /// <summary>A room's holder flag, its waiters in arrival order, and how many callers hold or await it.</summary>
    public sealed class Gate
    {
        public bool Held { get; set; }

        public Queue<TaskCompletionSource> Waiters { get; } = new();

        public int Users { get; set; }
    }
}
