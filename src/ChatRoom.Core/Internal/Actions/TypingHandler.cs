namespace ChatRoom.Internal;

/// <summary><c>typing</c>: tells the other members; nothing is stored.</summary>
internal sealed class TypingHandler(IConnectionStore connections, RoomBroadcaster broadcaster) : IActionHandler
{
    public string Action => "typing";

    public bool NeedsConnection => true;

    public async Task HandleAsync(ActionContext context)
    {
        var room = await FrameRules.RequireMembershipAsync(connections, context).ConfigureAwait(false);
        var frame = FrameSerializer.Typing(room, context.Connection.Member);
        await broadcaster.BroadcastAsync(room, frame, context.ConnectionId, context.CancellationToken).ConfigureAwait(false);
    }
}
