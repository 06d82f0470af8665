namespace ChatRoom.Internal;

/// <summary>Checks shared by several actions, each failing with the protocol's error code.</summary>
internal static class FrameRules
{
    public const int MaxClientMessageIdLength = 64;

    /// <summary>The longest connection id a client may name (<c>members</c>' <c>after</c>); every host's ids are far shorter.</summary>
    public const int MaxConnectionIdLength = 256;

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

    /// <summary>Turns a refused join into the protocol's error; does nothing for a join that happened.</summary>
    public static void ThrowIfRefused(RoomJoinResult result, int maxRooms)
    {
        switch (result)
        {
            case RoomJoinResult.TooManyRooms:
                throw new ChatProtocolException(ChatErrorCodes.TooManyRooms, $"You are in {maxRooms} rooms, the most allowed; leave one first.");
            case RoomJoinResult.NotRegistered:
                throw NotRegistered();
        }
    }

    public static ChatProtocolException NotRegistered() =>
        new(ChatErrorCodes.Unavailable, "This connection is not registered (it may have expired); reconnect.");

    public static ChatProtocolException NotAMember(string room) => new(ChatErrorCodes.NotAMember, $"You are not in room '{room}'; join it first.");
}
