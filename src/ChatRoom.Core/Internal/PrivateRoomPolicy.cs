using Microsoft.Extensions.Options;

namespace ChatRoom.Internal;

/// <summary>
/// Rooms whose name starts with <see cref="ChatRoomOptions.PrivateRoomPrefix"/> admit only signed-in connections whose
/// token grants the room or whose user id is listed in <see cref="ChatRoomOptions.PrivateRooms"/>.
/// </summary>
internal sealed class PrivateRoomPolicy(IOptions<ChatRoomOptions> options)
{
    private readonly ChatRoomOptions _options = options.Value;

    public bool IsPrivate(string room) =>
        _options.PrivateRoomPrefix is { Length: > 0 } prefix && room.StartsWith(prefix, StringComparison.Ordinal);

    public AuthorizationDecision Decide(ConnectionInfo connection, string room)
    {
        if (!IsPrivate(room))
        {
            return AuthorizationDecision.Allow;
        }

        if (!connection.Member.IsAuthenticated)
        {
            return AuthorizationDecision.Forbid($"Room '{room}' is private; sign in with a token that grants it.");
        }

        var listed = _options.PrivateRooms.TryGetValue(room, out var users) && users.Contains(connection.Member.UserId, StringComparer.Ordinal);
        return listed || connection.GrantedRooms.Contains(room, StringComparer.Ordinal)
            ? AuthorizationDecision.Allow
            : AuthorizationDecision.Forbid($"Room '{room}' is private and you are not one of its members.");
    }
}
