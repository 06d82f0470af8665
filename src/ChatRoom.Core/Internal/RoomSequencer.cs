namespace ChatRoom.Internal;

/// <summary>One async gate per room, so that storing a message and fanning it out happen in seq order.</summary>
/// <remarks>Gates exist only while someone holds or waits for them; an idle room costs nothing.</remarks>
internal sealed class RoomSequencer
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    public async ValueTask<Turn> EnterAsync(string room, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(room, out gate!))
            {
                gate = new Gate();
                _gates.Add(room, gate);
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Forget(room, gate);
            throw;
        }

        return new Turn(this, room, gate);
    }

    private void Forget(string room, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(room);
                gate.Semaphore.Dispose();
            }
        }
    }

    /// <summary>Holds a room's gate until disposed.</summary>
    public readonly struct Turn(RoomSequencer sequencer, string room, Gate gate) : IDisposable
    {
        public void Dispose()
        {
            gate.Semaphore.Release();
            sequencer.Forget(room, gate);
        }
    }

    /// <summary>A room's semaphore and how many callers hold or await it.</summary>
    public sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
