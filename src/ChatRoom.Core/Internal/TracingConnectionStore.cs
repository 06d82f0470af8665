namespace ChatRoom.Internal;

/// <summary>Wraps the registered connection store in <c>chatroom.store.*</c> spans while something listens; otherwise a direct call.</summary>
internal sealed class TracingConnectionStore(IConnectionStore inner) : IConnectionStore
{
    private const string Store = StoreSpans.Connections;

    public TimeSpan? ConnectionTimeToLive => inner.ConnectionTimeToLive;

    public Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "add_connection", null, connection?.ConnectionId, (inner, connection, cancellationToken), static s => s.inner.AddConnectionAsync(s.connection!, s.cancellationToken))
            : inner.AddConnectionAsync(connection, cancellationToken);

    public Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "get_connection", null, connectionId, (inner, connectionId, cancellationToken), static s => s.inner.GetConnectionAsync(s.connectionId, s.cancellationToken))
            : inner.GetConnectionAsync(connectionId, cancellationToken);

    public Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "remove_connection", null, connectionId, (inner, connectionId, cancellationToken), static s => s.inner.RemoveConnectionAsync(s.connectionId, s.cancellationToken))
            : inner.RemoveConnectionAsync(connectionId, cancellationToken);

    public Task<RoomJoinResult> JoinRoomAsync(string room, ConnectionInfo connection, int maxRooms, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "join_room", room, connection?.ConnectionId, (inner, room, connection, maxRooms, cancellationToken), static s => s.inner.JoinRoomAsync(s.room, s.connection!, s.maxRooms, s.cancellationToken))
            : inner.JoinRoomAsync(room, connection, maxRooms, cancellationToken);

    public Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "leave_room", room, connectionId, (inner, room, connectionId, cancellationToken), static s => s.inner.LeaveRoomAsync(s.room, s.connectionId, s.cancellationToken))
            : inner.LeaveRoomAsync(room, connectionId, cancellationToken);

    public Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "get_members", room, null, (inner, room, continuationToken, pageSize, cancellationToken), static s => s.inner.GetMembersAsync(s.room, s.continuationToken, s.pageSize, s.cancellationToken))
            : inner.GetMembersAsync(room, continuationToken, pageSize, cancellationToken);

    public Task<bool> RenewConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "renew_connection", null, connectionId, (inner, connectionId, cancellationToken), static s => s.inner.RenewConnectionAsync(s.connectionId, s.cancellationToken))
            : inner.RenewConnectionAsync(connectionId, cancellationToken);

    public Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        ChatRoomActivitySource.IsListening
            ? StoreSpans.TraceAsync(Store, "get_rooms", null, connectionId, (inner, connectionId, cancellationToken), static s => s.inner.GetRoomsAsync(s.connectionId, s.cancellationToken))
            : inner.GetRoomsAsync(connectionId, cancellationToken);
}
