namespace ChatRoom.Testing.Tests;

/// <summary>A faulty store: it loses a connection's private-room grants, so signed-in users would lose their rooms.</summary>
internal sealed class GrantDroppingConnectionStore(IConnectionStore inner) : IConnectionStore
{
    public TimeSpan? ConnectionTimeToLive => inner.ConnectionTimeToLive;

    public Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default) =>
        inner.AddConnectionAsync(connection with { GrantedRooms = [] }, cancellationToken);

    public Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.GetConnectionAsync(connectionId, cancellationToken);

    public Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.RemoveConnectionAsync(connectionId, cancellationToken);

    public Task<RoomJoinResult> JoinRoomAsync(string room, ConnectionInfo connection, int maxRooms, CancellationToken cancellationToken = default) =>
        inner.JoinRoomAsync(room, connection, maxRooms, cancellationToken);

    public Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default) =>
        inner.LeaveRoomAsync(room, connectionId, cancellationToken);

    public Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
        inner.GetMembersAsync(room, continuationToken, pageSize, cancellationToken);

    public Task<bool> RenewConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.RenewConnectionAsync(connectionId, cancellationToken);

    public Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.GetRoomsAsync(connectionId, cancellationToken);
}
