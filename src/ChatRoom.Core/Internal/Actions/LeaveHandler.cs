namespace ChatRoom.Internal;

/// <summary><c>leave</c>: removes the sender from a room and tells the others.</summary>
internal sealed class LeaveHandler(IConnectionStore connections, RoomSequencer sequencer, LocalRoomMembers local) : IActionHandler
{
    public string Action => "leave";

    public bool NeedsConnection => true;

    public async Task<ChatError?> HandleAsync(ActionContext context)
    {
        if (FrameRules.CheckRoom(context.Frame, out var room) is { } invalid)
        {
            return invalid;
        }

        if (!await connections.LeaveRoomAsync(room, context.ConnectionId, context.CancellationToken).ConfigureAwait(false))
        {
            return FrameRules.NotAMember(room);
        }

        await local.RemoveAsync(room, context.ConnectionId).ConfigureAwait(false);
        await context.ReplyAsync(FrameSerializer.Left(room)).ConfigureAwait(false);
        var presence = FrameSerializer.Presence(room, "left", context.Connection.Member);
        Task announced;
        using (var turn = await sequencer.EnterAsync(room, CancellationToken.None).ConfigureAwait(false))
        {
            announced = turn.QueueAsync(presence, context.ConnectionId);
        }

        await announced.ConfigureAwait(false);
        return null;
    }
}
