namespace ChatRoom.Internal;

/// <summary>Checks shared by several actions, each failing with the protocol's error code.</summary>
internal static class FrameRules
{
    public const int MaxClientMessageIdLength = 64;

    public static string RequireRoom(InboundFrame frame)
    {
        if (frame.Room is null)
        {
            throw new ChatProtocolException(ChatErrorCodes.BadRequest, "\"room\" is required.");
        }

        return RoomName.IsValid(frame.Room)
            ? frame.Room
            : throw new ChatProtocolException(ChatErrorCodes.InvalidRoom, $"Room names are {RoomName.Rule}.");
    }

    public static async Task<string> RequireMembershipAsync(IConnectionStore connections, ActionContext context)
    {
        var room = RequireRoom(context.Frame);
        var rooms = await connections.GetRoomsAsync(context.ConnectionId, context.CancellationToken).ConfigureAwait(false);
        return rooms.Contains(room, StringComparer.Ordinal)
            ? room
            : throw NotAMember(room);
    }

    public static ChatProtocolException NotAMember(string room) => new(ChatErrorCodes.NotAMember, $"You are not in room '{room}'; join it first.");
}
