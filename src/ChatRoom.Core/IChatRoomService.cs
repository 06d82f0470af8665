namespace ChatRoom;

/// <summary>
/// The chat as application code sees it from the server side (like SignalR's <c>IHubContext</c>): send a message into
/// a room, list a room's members, disconnect a connection.
/// </summary>
/// <remarks>
/// A thread-safe singleton registered by <c>AddChatRoom()</c>. It works on every host: in process it reaches the sockets
/// this process holds; on AWS (a backend service or another Lambda with <c>AddDynamoDb()</c> and
/// <c>AddApiGatewayMessenger()</c>) it reaches every connection through <c>@connections</c>. Messages take the same path
/// as a client's <c>sendmessage</c>: a seq, storage, de-duplication and a broadcast to the room's members.
/// </remarks>
public interface IChatRoomService
{
    /// <summary>Stores a message in a room and broadcasts it to the room's members, as the system or as a user.</summary>
    /// <param name="message">The message: room, text, and the user it is sent as (none for the system).</param>
    /// <param name="cancellationToken">Cancels the call; a message already stored is still broadcast.</param>
    /// <returns>
    /// The stored message with its seq. With a <see cref="ServerMessage.ClientMessageId"/> that was sent before (same
    /// sender, same room), the original message, broadcast again.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">The room name, the text, the sender or the client message id breaks the protocol's rules.</exception>
    /// <exception cref="ChatStoreUnavailableException">The message could not be stored and was not sent; retry with the same client message id.</exception>
    Task<ChatMessage> SendMessageAsync(ServerMessage message, CancellationToken cancellationToken = default);

    /// <summary>Lists one page of a room's members, in connection id order.</summary>
    /// <param name="room">The room.</param>
    /// <param name="continuationToken">The previous page's <see cref="MemberPage.ContinuationToken"/>, or <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">The most members to return, 1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page; its continuation token is <see langword="null"/> on the last page.</returns>
    /// <exception cref="ArgumentException"><paramref name="room"/> is not a valid room name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not 1 to 1000.</exception>
    /// <exception cref="ChatStoreUnavailableException">The store could not be reached.</exception>
    Task<MemberPage> GetMembersAsync(string room, string? continuationToken = null, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes a connection (in process: its socket, after the frames already queued for it; on API Gateway:
    /// <c>DELETE @connections</c>), removes its registration and memberships, and sends <c>presence</c> <c>left</c> to
    /// each of its rooms.
    /// </summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see langword="true"/> when the transport closed the connection; <see langword="false"/> when it was already
    /// gone or the transport could not close it now (its registration is removed either way, so it leaves its rooms).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="connectionId"/> is null or empty.</exception>
    /// <remarks>
    /// A client library reconnects after a close it did not ask for; to keep a user out, refuse it in an
    /// <see cref="IChatAuthorizer"/> as well. The in-process messenger reaches only this process's sockets: a
    /// connection held by another node is removed from the store, and that node closes its socket with 4410 at its
    /// next renewal.
    /// </remarks>
    Task<bool> DisconnectAsync(string connectionId, CancellationToken cancellationToken = default);
}
