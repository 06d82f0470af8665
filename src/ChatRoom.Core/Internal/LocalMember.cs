namespace ChatRoom.Internal;

/// <summary>One of this node's connections in a room (with a backplane), holding its frames while its join is replied to.</summary>
internal sealed class LocalMember(string connectionId, bool holding)
{
    private readonly Lock _gate = new();
    private List<ReadOnlyMemory<byte>>? _held = holding ? [] : null;

    public string ConnectionId { get; } = connectionId;

    /// <summary>Keeps the frame for later when the member's join reply is not queued yet.</summary>
    /// <returns><see langword="true"/> when held; <see langword="false"/> when it is to be sent now.</returns>
    public bool TryHold(ReadOnlyMemory<byte> frame)
    {
        if (Volatile.Read(ref _held) is null)
        {
            return false;
        }

        lock (_gate)
        {
            if (_held is null)
            {
                return false;
            }

            _held.Add(frame);
            return true;
        }
    }

    /// <summary>Sends what was held, in order, and stops holding; a frame arriving meanwhile waits and goes after them.</summary>
    public void Release(InProcessMessenger messenger)
    {
        lock (_gate)
        {
            foreach (var frame in _held ?? [])
            {
                // In process: completes synchronously; a gone connection is found by the next broadcast.
                var send = messenger.SendAsync(ConnectionId, frame, CancellationToken.None);
                _ = send.IsCompletedSuccessfully ? send.Result : DeliveryResult.Failed;
            }

            Volatile.Write(ref _held, null);
        }
    }
}
