namespace ChatRoom.Internal;

/// <summary>
/// Decides joins: the private-room rule first, then the app's <see cref="IChatAuthorizer"/>. Every way into a room
/// (the <c>join</c> action and the default room on connect) asks here, and every other action requires membership.
/// </summary>
internal sealed class RoomAccess(PrivateRoomPolicy privateRooms, IChatAuthorizer authorizer)
{
    public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken)
    {
        var decision = privateRooms.Decide(connection, room);
        return decision.IsAllowed ? authorizer.AuthorizeJoinAsync(connection, room, cancellationToken) : ValueTask.FromResult(decision);
    }
}
