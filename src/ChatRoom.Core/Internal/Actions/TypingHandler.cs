namespace ChatRoom.Internal;

/// <summary><c>typing</c>: tells the other members; nothing is stored.</summary>
internal sealed class TypingHandler(IConnectionStore connections, RoomBroadcaster broadcaster) : IActionHandler
{
    public string Action => "typing";

    public bool NeedsConnection => true;

    public async Task<ChatError?> HandleAsync(ActionContext context)
    {
        var (room, error) = await FrameRules.RoomOfMemberAsync(connections, context).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var frame = FrameSerializer.Typing(room, context.Connection.Member);
        await broadcaster.BroadcastAsync(room, frame, context.ConnectionId, context.CancellationToken).ConfigureAwait(false);
        return null;
    }
}
