namespace ChatRoom.Internal;

/// <summary>One inbound frame being handled: who sent it, what it says, and where replies go.</summary>
internal sealed class ActionContext(string connectionId, ConnectionInfo? connection, InboundFrame frame, IConnectionMessenger messenger, CancellationToken cancellationToken)
{
    private List<string>? _gone;

    public string ConnectionId { get; } = connectionId;

    /// <summary>Gets the sender; present for every action that needs it (see <see cref="IActionHandler.NeedsConnection"/>).</summary>
    public ConnectionInfo Connection => connection ?? throw new InvalidOperationException("This action was dispatched without its connection.");

    public InboundFrame Frame { get; } = frame;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Gets the connections found gone while handling the frame; the engine removes them afterwards.</summary>
    public IReadOnlyList<string> Gone => _gone ?? (IReadOnlyList<string>)[];

    public async Task ReplyAsync(ReadOnlyMemory<byte> frame)
    {
        var result = await messenger.SendAsync(ConnectionId, frame, CancellationToken).ConfigureAwait(false);
        if (result == DeliveryResult.Gone)
        {
            NoteGone([ConnectionId]);
        }
    }

    public void NoteGone(IReadOnlyList<string> connectionIds)
    {
        if (connectionIds.Count > 0)
        {
            (_gone ??= []).AddRange(connectionIds);
        }
    }
}
