namespace ChatRoom.Core.Tests;

/// <summary>
/// Passes every call to a real store. Wrap it in <c>Substitute.ForPartsOf</c> and use <c>.Configure()</c> to fake
/// single calls (a failure on demand) while the rest of the store stays real.
/// </summary>
public class ConnectionStoreDecorator(IConnectionStore inner) : IConnectionStore
{
    public virtual Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default) =>
        inner.AddConnectionAsync(connection, cancellationToken);

    public virtual Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.GetConnectionAsync(connectionId, cancellationToken);

    public virtual Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.RemoveConnectionAsync(connectionId, cancellationToken);

    public virtual TimeSpan? ConnectionTimeToLive => inner.ConnectionTimeToLive;

    public virtual Task<RoomJoinResult> JoinRoomAsync(string room, ConnectionInfo connection, int maxRooms, CancellationToken cancellationToken = default) =>
        inner.JoinRoomAsync(room, connection, maxRooms, cancellationToken);

    public virtual Task<bool> RenewConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.RenewConnectionAsync(connectionId, cancellationToken);

    public virtual Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default) =>
        inner.LeaveRoomAsync(room, connectionId, cancellationToken);

    public virtual Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
        inner.GetMembersAsync(room, continuationToken, pageSize, cancellationToken);

    public virtual Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.GetRoomsAsync(connectionId, cancellationToken);
}
