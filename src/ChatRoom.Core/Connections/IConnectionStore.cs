namespace ChatRoom;

/// <summary>Stores connections and their room memberships.</summary>
/// <remarks>
/// Implementations are thread-safe singletons. Every method is safe to call again with the same arguments
/// (registering, joining, leaving and removing are idempotent). Storage failures surface as
/// <see cref="ChatStoreUnavailableException"/>; provider exception types never cross this port.
/// </remarks>
public interface IConnectionStore
{
    /// <summary>Registers a connection, replacing any earlier record with the same id.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the connection is stored.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task AddConnectionAsync(ConnectionInfo connection, CancellationToken cancellationToken = default);

    /// <summary>Reads a connection.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connection, or <see langword="null"/> when it is not registered (or has expired).</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<ConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection and every membership it holds.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rooms the connection was in (empty when it was unknown).</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<IReadOnlyList<string>> RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Adds a connection to a room.</summary>
    /// <param name="room">The room name.</param>
    /// <param name="connection">The connection; its name is stored with the membership.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when newly joined; <see langword="false"/> when it already was a member.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<bool> JoinRoomAsync(string room, ConnectionInfo connection, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection from a room.</summary>
    /// <param name="room">The room name.</param>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it was a member.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<bool> LeaveRoomAsync(string room, string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of a room's members, ordered by connection id.</summary>
    /// <param name="room">The room name.</param>
    /// <param name="continuationToken">The token of the previous page, or <see langword="null"/> for the first.</param>
    /// <param name="pageSize">The most members to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page; its <see cref="MemberPage.ContinuationToken"/> is <see langword="null"/> on the last page.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<MemberPage> GetMembersAsync(string room, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Lists the rooms a connection is in.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The room names, empty when none or unknown.</returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<IReadOnlyList<string>> GetRoomsAsync(string connectionId, CancellationToken cancellationToken = default);
}
