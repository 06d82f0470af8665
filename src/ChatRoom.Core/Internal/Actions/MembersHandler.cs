using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary><c>members</c>: lists who is in a room, a page at a time (<c>after</c> the last connection id listed).</summary>
internal sealed class MembersHandler(IConnectionStore connections, ReplyFrames replies, IOptions<ChatRoomOptions> options) : IActionHandler
{
    public string Action => "members";

    public bool NeedsConnection => true;

    public async Task<ChatError?> HandleAsync(ActionContext context)
    {
        var after = context.Frame.After?.ConnectionId;
        if (context.Frame.After is { ConnectionId: null } || after is { Length: 0 or > FrameRules.MaxConnectionIdLength })
        {
            return FrameRules.BadRequest($"\"after\" must be a connection id of 1-{FrameRules.MaxConnectionIdLength} characters.");
        }

        var (room, error) = await FrameRules.RoomOfMemberAsync(connections, context).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var members = await MemberReader.ReadAsync(connections, room, after, options.Value.MaxMembersListed, context.CancellationToken).ConfigureAwait(false);
        await context.ReplyAsync(replies.Members(room, members)).ConfigureAwait(false);
        return null;
    }
}
