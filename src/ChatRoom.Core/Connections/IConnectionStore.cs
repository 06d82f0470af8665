namespace ChatRoom;

/// <summary>Stores connections and their room memberships.</summary>
/// <remarks>
/// Implementations are thread-safe singletons. Every method is safe to call again with the same arguments
/// (registering, joining, leaving and removing are idempotent). Storage failures surface as
/// <see cref="ChatStoreUnavailableException"/>; provider exception types never cross this port.
/// </remarks>
public interface IConnectionStore
{
    /// <summary>
    /// Gets how long a registered connection and its memberships live unless renewed with
    /// <see cref="RenewConnectionAsync"/>, or <see langword="null"/> when they live until removed.
    /// </summary>
    /// <remarks>Expiry stands in for a disconnect that never arrives (API Gateway's <c>$disconnect</c> is best-effort).</remarks>
    TimeSpan? ConnectionTimeToLive { get; }

    /// <summary>Registers a connection, replacing any earlier record with the same id (its memberships are kept).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the connection is stored.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default);

    /// <summary>Reads a connection.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The connection, or <see langword="null"/> when it is not registered (or has expired). A store that reads the
    /// connection's rooms in the same request returns them in <see cref="ConnectionInfo.Rooms"/>, which saves the
    /// engine a <see cref="GetRoomsAsync"/> on most frames.
    /// </returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection and every membership it holds.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rooms the connection was in (empty when it was unknown).</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Adds a registered connection to a room, unless it is already in <paramref name="maxRooms"/> rooms.</summary>
    /// <param name="room">The room name.</param>
    /// <param name="connection">The connection; its <see cref="ConnectionInfo.Member"/> is stored with the membership.</param>
    /// <param name="maxRooms">The most rooms the connection may be in. The check and the join are one atomic step, so
    /// concurrent joins of one connection (from any number of processes sharing the store) never exceed it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="RoomJoinResult.Joined"/> when newly joined; <see cref="RoomJoinResult.AlreadyMember"/> when it already
    /// was a member (the membership is refreshed, so a retried join repairs a half-written one);
    /// <see cref="RoomJoinResult.TooManyRooms"/> when it is in <paramref name="maxRooms"/> other rooms;
    /// <see cref="RoomJoinResult.NotRegistered"/> when the connection is not registered (removed or expired).
    /// </returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<RoomJoinResult> JoinRoomAsync(string room, ConnectionInfo connection, int maxRooms, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection from a room.</summary>
    /// <param name="room">The room name.</param>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it was a member.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of a room's members, ordered by connection id.</summary>
    /// <param name="room">The room name.</param>
    /// <param name="continuationToken">
    /// <see langword="null"/> for the first page; otherwise a connection id, usually the previous page's
    /// <see cref="MemberPage.ContinuationToken"/>: the page starts with the first member after it, whether or not that
    /// connection is still a member.
    /// </param>
    /// <param name="pageSize">The most members to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page; its <see cref="MemberPage.ContinuationToken"/> is <see langword="null"/> on the last page.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Extends the life of a registered connection and of its memberships by <see cref="ConnectionTimeToLive"/> from now.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the connection is not registered (removed, or expired before this call).</returns>
    /// <remarks>A host that keeps connections open longer than <see cref="ConnectionTimeToLive"/> calls it in time for each of them.</remarks>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<bool> RenewConnectionAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Lists the rooms a connection is in.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The room names, empty when none or unknown.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default);
}
