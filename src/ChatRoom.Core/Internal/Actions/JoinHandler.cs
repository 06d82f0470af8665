using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary><c>join</c>: adds the sender to a room and replies with members and history (or everything since a seq).</summary>
internal sealed class JoinHandler(
    IConnectionStore connections,
    IMessageStore messages,
    RoomAccess access,
    RoomOutbox outbox,
    RoomSequencer sequencer,
    IOptions<ChatRoomOptions> options) : IActionHandler
{
    public string Action => "join";

    public bool NeedsConnection => true;

    public async Task HandleAsync(ActionContext context)
    {
        var room = FrameRules.RequireRoom(context.Frame);
        if (context.Frame.Since is < 0)
        {
            throw new ChatProtocolException(ChatErrorCodes.BadRequest, "\"since\" must be a sequence number of 0 or more.");
        }

        var decision = await access.AuthorizeJoinAsync(context.Connection, room, context.CancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            throw new ChatProtocolException(ChatErrorCodes.Forbidden, decision.Reason ?? $"You may not join room '{room}'.");
        }

        var rooms = await connections.GetRoomsAsync(context.ConnectionId, context.CancellationToken).ConfigureAwait(false);
        if (!rooms.Contains(room, StringComparer.Ordinal) && rooms.Count >= options.Value.MaxRoomsPerConnection)
        {
            throw new ChatProtocolException(ChatErrorCodes.TooManyRooms, $"You are in {rooms.Count} rooms, the most allowed; leave one first.");
        }

        // Holding the room's turn, once what was queued before has gone out, means no message lands between the
        // history read and the reply, so the joiner sees each message exactly once: in the reply or live after it.
        Task<BroadcastResult>? announced = null;
        using (await sequencer.EnterAsync(room, context.CancellationToken).ConfigureAwait(false))
        {
            await outbox.WhenSentAsync(room).ConfigureAwait(false);

            // History first: if it cannot be read, nothing was written and a retried join is a new join with its presence event.
            var history = await ReadHistoryAsync(room, context.Frame.Since, context.CancellationToken).ConfigureAwait(false);
            var newlyJoined = await connections.JoinRoomAsync(room, context.Connection, context.CancellationToken).ConfigureAwait(false);
            var members = await MemberReader.ReadAsync(connections, room, options.Value.MaxMembersListed, context.CancellationToken).ConfigureAwait(false);
            var you = MemberView.From(context.Connection);
            await context.ReplyAsync(FrameSerializer.Joined(new JoinedEvent(room, you, members, FrameSerializer.ToEvents(history.Messages), history.HasMore))).ConfigureAwait(false);

            if (newlyJoined)
            {
                announced = outbox.QueueAsync(room, FrameSerializer.Presence(room, "joined", you), context.ConnectionId);
            }
        }

        if (announced is not null)
        {
            context.NoteGone((await announced.ConfigureAwait(false)).Gone);
        }
    }

    private Task<MessagePage> ReadHistoryAsync(string room, long? since, CancellationToken cancellationToken)
    {
        if (since is { } after)
        {
            return messages.GetAfterAsync(room, after, options.Value.MaxRecoveryCount, cancellationToken);
        }

        return options.Value.JoinHistoryCount == 0
            ? Task.FromResult(MessagePage.Empty)
            : messages.GetLatestAsync(room, options.Value.JoinHistoryCount, cancellationToken);
    }
}
