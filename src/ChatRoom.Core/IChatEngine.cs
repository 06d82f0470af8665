namespace ChatRoom;

/// <summary>
/// The chat engine: everything a chat does, behind the three events a WebSocket transport produces (and, for hosts that
/// hold connections open themselves, a periodic renewal).
/// </summary>
/// <remarks>
/// Hosts (an in-process WebSocket host, an ASP.NET Core app, an API Gateway Lambda) translate transport events
/// into these calls; outbound frames leave through <see cref="IConnectionMessenger"/>. The engine is a thread-safe
/// singleton. Calls for one connection should be made one at a time, in the order the frames arrived.
/// </remarks>
public interface IChatEngine
{
    /// <summary>Registers a new connection, applies the connect authorizer and joins the default room.</summary>
    /// <param name="connectionId">The transport's id for the connection, unique while it is open.</param>
    /// <param name="metadata">What the transport knows about the connection request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the connection was accepted; a host refuses the connection otherwise.</returns>
    Task<ConnectResult> ConnectedAsync(string connectionId, ConnectionMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>Handles one inbound text frame; replies and broadcasts go out through the messenger.</summary>
    /// <param name="connectionId">The connection that sent the frame.</param>
    /// <param name="utf8Frame">The frame's UTF-8 bytes (a JSON object in protocol v1).</param>
    /// <param name="cancellationToken">Cancels the call; a message already stored is still broadcast.</param>
    /// <returns>A task that completes when the frame is handled. Bad input never throws: the sender gets an error frame.</returns>
    Task FrameReceivedAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets how often a host that holds connections open itself (the in-process WebSocket host) must call
    /// <see cref="RenewAsync"/> for each open connection, or <see langword="null"/> when registrations never expire.
    /// </summary>
    /// <remarks>
    /// A quarter of the connection store's <see cref="IConnectionStore.ConnectionTimeToLive"/>, so that a renewal can fail
    /// or be late a few times before the registration expires. On API Gateway no renewal is needed as long as the time to
    /// live exceeds API Gateway's 2-hour connection limit.
    /// </remarks>
    TimeSpan? RenewalInterval { get; }

    /// <summary>Keeps an open connection's registration and memberships from expiring.</summary>
    /// <param name="connectionId">The open connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see langword="false"/> when the connection is no longer registered (it expired while the store was unreachable,
    /// or it was removed): the host should close it so that the client reconnects.
    /// </returns>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached; try again before the registration expires.</exception>
    Task<bool> RenewAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection and all its memberships, and tells each of its rooms it left.</summary>
    /// <param name="connectionId">The connection that went away. Unknown ids are ignored, so the call is idempotent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the connection is removed.</returns>
    Task DisconnectedAsync(string connectionId, CancellationToken cancellationToken = default);
}
