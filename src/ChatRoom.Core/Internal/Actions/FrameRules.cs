namespace ChatRoom.Internal;

/// <summary>Checks shared by several actions; a broken rule is the <see cref="ChatError"/> the client gets back.</summary>
internal static class FrameRules
{
    public const int MaxClientMessageIdLength = 64;

    /// <summary>The longest connection id a client may name (<c>members</c>' <c>after</c>); every host's ids are far shorter.</summary>
    public const int MaxConnectionIdLength = 256;

    /// <summary>Checks the frame's <c>room</c>: present and a valid room name.</summary>
    /// <returns>The error, or <see langword="null"/> when <paramref name="room"/> holds the room.</returns>
    public static ChatError? CheckRoom(InboundFrame frame, out string room)
    {
        room = frame.Room ?? string.Empty;
        if (frame.Room is null)
        {
            return new ChatError(ChatErrorCodes.BadRequest, "\"room\" is required.");
        }

        return RoomName.IsValid(frame.Room) ? null : new ChatError(ChatErrorCodes.InvalidRoom, $"Room names are {RoomName.Rule}.");
    }

    /// <summary>Checks the frame's <c>room</c> and that the sender is in it.</summary>
    public static async Task<(string Room, ChatError? Error)> RoomOfMemberAsync(IConnectionStore connections, ActionContext context)
    {
        if (CheckRoom(context.Frame, out var room) is { } invalid)
        {
            return (room, invalid);
        }

        var rooms = await RoomsAsync(connections, context).ConfigureAwait(false);
        return (room, rooms.Contains(room, StringComparer.Ordinal) ? null : NotAMember(room));
    }

    /// <summary>The sender's rooms: read along with its connection when the store does that, else one more read.</summary>
    public static async ValueTask<IReadOnlyList<string>> RoomsAsync(IConnectionStore connections, ActionContext context) =>
        context.Connection.Rooms ?? await connections.GetRoomsAsync(context.ConnectionId, context.CancellationToken).ConfigureAwait(false);

    /// <summary>Turns a refused join into the protocol's error; <see langword="null"/> for a join that happened.</summary>
    public static ChatError? Refusal(RoomJoinResult result, int maxRooms) => result switch
    {
        RoomJoinResult.TooManyRooms => new ChatError(ChatErrorCodes.TooManyRooms, $"You are in {maxRooms} rooms, the most allowed; leave one first."),
        RoomJoinResult.NotRegistered => NotRegistered(),
        _ => null,
    };

    public static ChatError NotRegistered() =>
        new(ChatErrorCodes.Unavailable, "This connection is not registered (it may have expired); reconnect.");

    public static ChatError NotAMember(string room) => new(ChatErrorCodes.NotAMember, $"You are not in room '{room}'; join it first.");

    public static ChatError BadRequest(string message) => new(ChatErrorCodes.BadRequest, message);
}
