using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary><c>join</c>: adds the sender to a room and replies with members and history (or everything since a seq).</summary>
internal sealed class JoinHandler(
    IConnectionStore connections,
    IMessageStore messages,
    RoomAccess access,
    RoomSequencer sequencer,
    ReplyFrames replies,
    IOptions<ChatRoomOptions> options) : IActionHandler
{
    public string Action => "join";

    public bool NeedsConnection => true;

    public async Task<ChatError?> HandleAsync(ActionContext context)
    {
        if (FrameRules.CheckRoom(context.Frame, out var room) is { } invalid)
        {
            return invalid;
        }

        if (context.Frame.Since is < 0)
        {
            return FrameRules.BadRequest("\"since\" must be a sequence number of 0 or more.");
        }

        var decision = await access.AuthorizeJoinAsync(context.Connection, room, context.CancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            return new ChatError(ChatErrorCodes.Forbidden, decision.Reason ?? $"You may not join room '{room}'.");
        }

        // Holding the room's turn, once what was queued before has gone out, means no message lands between the
        // history read and the reply, so the joiner sees each message exactly once: in the reply or live after it.
        Task? announced = null;
        using (var turn = await sequencer.EnterAsync(room, context.CancellationToken).ConfigureAwait(false))
        {
            await turn.WhenSentAsync().ConfigureAwait(false);

            // History first: if it cannot be read, nothing was written and a retried join is a new join with its presence event.
            var history = await ReadHistoryAsync(room, context.Frame.Since, context.CancellationToken).ConfigureAwait(false);
            var joined = await connections.JoinRoomAsync(room, context.Connection, options.Value.MaxRoomsPerConnection, context.CancellationToken).ConfigureAwait(false);
            if (FrameRules.Refusal(joined, options.Value.MaxRoomsPerConnection) is { } refused)
            {
                return refused;
            }

            var members = await MemberReader.ReadAsync(connections, room, after: null, options.Value.MaxMembersListed, context.CancellationToken).ConfigureAwait(false);
            var you = context.Connection.Member;
            await context.ReplyAsync(replies.Joined(room, you, members, history, keepOldest: context.Frame.Since is not null)).ConfigureAwait(false);

            if (joined == RoomJoinResult.Joined)
            {
                announced = turn.QueueAsync(FrameSerializer.Presence(room, "joined", you), context.ConnectionId);
            }
        }

        if (announced is not null)
        {
            await announced.ConfigureAwait(false);
        }

        return null;
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
