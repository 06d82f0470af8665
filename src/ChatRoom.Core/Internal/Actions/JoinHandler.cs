using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary><c>join</c>: adds the sender to a room and replies with members and history (or everything since a seq).</summary>
internal sealed class JoinHandler(
    IConnectionStore connections,
    IMessageStore messages,
    RoomAccess access,
    RoomSequencer sequencer,
    LocalRoomMembers local,
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

            // With a backplane, the room's broadcasts from every node reach this one before its history is read, and
            // what reaches the joiner before its reply is held until the reply is queued.
            await local.AddAsync(room, context.ConnectionId, holdUntilJoined: true, context.CancellationToken).ConfigureAwait(false);
            var replied = false;
            try
            {
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
                replied = true;
                local.Joined(room, context.ConnectionId);

                if (joined == RoomJoinResult.Joined)
                {
                    announced = turn.QueueAsync(FrameSerializer.Presence(room, "joined", you), context.ConnectionId);
                }
            }
            finally
            {
                if (!replied)
                {
                    await RemoveUnlessMemberAsync(room, context).ConfigureAwait(false);
                }
            }
        }

        if (announced is not null)
        {
            await announced.ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>A join that was refused or failed: this node stops delivering the room to the connection unless it already was a member.</summary>
    private async Task RemoveUnlessMemberAsync(string room, ActionContext context)
    {
        if (!local.IsActive)
        {
            return;
        }

        try
        {
            var rooms = await connections.GetRoomsAsync(context.ConnectionId, CancellationToken.None).ConfigureAwait(false);
            if (rooms.Contains(room, StringComparer.Ordinal))
            {
                local.Joined(room, context.ConnectionId);
                return;
            }
        }
        catch (ChatStoreUnavailableException)
        {
            // Not known to be a member: stop delivering; a retried join adds it again.
        }

        await local.RemoveAsync(room, context.ConnectionId).ConfigureAwait(false);
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
