using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary><c>members</c>: lists who is in a room.</summary>
internal sealed class MembersHandler(IConnectionStore connections, IOptions<ChatRoomOptions> options) : IActionHandler
{
    public string Action => "members";

    public bool NeedsConnection => true;

    public async Task HandleAsync(ActionContext context)
    {
        var room = await FrameRules.RequireMembershipAsync(connections, context).ConfigureAwait(false);
        var members = await MemberReader.ReadAsync(connections, room, options.Value.MaxMembersListed, context.CancellationToken).ConfigureAwait(false);
        await context.ReplyAsync(FrameSerializer.Members(new MembersEvent(room, members))).ConfigureAwait(false);
    }
}
