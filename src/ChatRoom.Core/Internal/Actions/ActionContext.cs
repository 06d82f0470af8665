namespace ChatRoom.Internal;

/// <summary>One inbound frame being handled: who sent it, what it says, and where replies go.</summary>
internal sealed class ActionContext(string connectionId, ConnectionInfo? connection, InboundFrame frame, IConnectionMessenger messenger, GoneConnections gone, CancellationToken cancellationToken)
{
    public string ConnectionId { get; } = connectionId;

    /// <summary>Gets the sender; present for every action that needs it (see <see cref="IActionHandler.NeedsConnection"/>).</summary>
    public ConnectionInfo Connection => connection ?? throw new InvalidOperationException("This action was dispatched without its connection.");

    public InboundFrame Frame { get; } = frame;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Sends a frame to the sender; a sender found gone is handed over for removal, like any member.</summary>
    public async Task ReplyAsync(ReadOnlyMemory<byte> frame)
    {
        if (await messenger.SendAsync(ConnectionId, frame, CancellationToken).ConfigureAwait(false) == DeliveryResult.Gone)
        {
            gone.Report(ConnectionId);
        }
    }
}
