namespace ChatRoom;

/// <summary>
/// Carries room broadcasts between the nodes of one chat, so that each node delivers them to its own members of the
/// room: the scale-out port (<c>ChatRoom.Redis</c>: <c>AddRedis()</c>, <c>AddRedisBackplane()</c>).
/// </summary>
/// <remarks>
/// <para>
/// Without a backplane a broadcast reads the room's roster from the connection store and sends to every member through
/// <see cref="IConnectionMessenger"/> (in process, or API Gateway's <c>@connections</c>). With one, the engine publishes
/// each broadcast once; every node subscribed to the room hands it to <see cref="IChatBackplaneReceiver"/>, which
/// delivers it to the node's own members of the room. No node reads the roster to send on another's behalf.
/// </para>
/// <para>
/// The engine subscribes a room while this node has members in it. Implementations are thread-safe singletons,
/// deliver one room's broadcasts to the receiver in the order they were published (from all nodes), and report a
/// backplane that cannot be reached as <see cref="ChatStoreUnavailableException"/>.
/// </para>
/// </remarks>
public interface IChatBackplane
{
    /// <summary>Publishes frames to a room on every node, this one included.</summary>
    /// <param name="room">The room.</param>
    /// <param name="frames">The frames, in order; each goes to every member of the room but its excluded connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the backplane has taken the frames.</returns>
    /// <exception cref="ChatStoreUnavailableException">The backplane could not be reached; nothing was published.</exception>
    Task PublishAsync(string room, IReadOnlyList<RoomFrame> frames, CancellationToken cancellationToken = default);

    /// <summary>Starts handing the room's broadcasts to this node's <see cref="IChatBackplaneReceiver"/>.</summary>
    /// <param name="room">The room, whose first member on this node is joining.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once every broadcast published after it reaches this node.</returns>
    /// <exception cref="ChatStoreUnavailableException">The backplane could not be reached.</exception>
    Task SubscribeAsync(string room, CancellationToken cancellationToken = default);

    /// <summary>Stops handing the room's broadcasts to this node: its last member here has left.</summary>
    /// <param name="room">The room.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the subscription has ended.</returns>
    Task UnsubscribeAsync(string room, CancellationToken cancellationToken = default);

    /// <summary>Records that this node holds a newly registered connection, so that other nodes can reach it and remove it if this node dies.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the ownership is recorded.</returns>
    /// <exception cref="ChatStoreUnavailableException">The backplane could not be reached.</exception>
    Task ConnectionOpenedAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Forgets a connection that was removed, on whichever node removed it.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the ownership is forgotten.</returns>
    /// <exception cref="ChatStoreUnavailableException">The backplane could not be reached.</exception>
    Task ConnectionRemovedAsync(string connectionId, CancellationToken cancellationToken = default);
}
