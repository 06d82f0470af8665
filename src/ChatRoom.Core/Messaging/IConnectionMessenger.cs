namespace ChatRoom;

/// <summary>Sends pre-serialised frames to connections: the engine's only way out.</summary>
/// <remarks>
/// Implementations are thread-safe singletons and may be called concurrently for different connections (a broadcast
/// sends with bounded concurrency). The same frame bytes are shared by every recipient of a broadcast and must not
/// be modified. Implementations report failures through <see cref="DeliveryResult"/> instead of throwing.
/// </remarks>
public interface IConnectionMessenger
{
    /// <summary>Gets the largest frame, in bytes, this messenger delivers (API Gateway: 128 KB).</summary>
    /// <remarks>
    /// The engine fits every reply into it: <c>joined</c>, <c>history</c> and <c>members</c> list what fits and say
    /// there is more. Start-up fails when the longest message allowed (<see cref="ChatRoomOptions.MaxMessageLength"/>)
    /// could not fit. Read once, when the engine is built.
    /// </remarks>
    int MaxFrameBytes { get; }

    /// <summary>Sends one UTF-8 JSON text frame to one connection.</summary>
    /// <param name="connectionId">The recipient.</param>
    /// <param name="utf8Frame">The frame; shared with other recipients, never modified.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Delivered, Gone or Failed.</returns>
    ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default);

    /// <summary>Closes one connection from the server side (the server-side API's disconnect).</summary>
    /// <param name="connectionId">The connection to close.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="DeliveryResult.Delivered"/> when the transport accepted the close, <see cref="DeliveryResult.Gone"/>
    /// when the connection was already gone (or is not held by this transport), <see cref="DeliveryResult.Failed"/>
    /// when the transport failed for now.
    /// </returns>
    /// <remarks>
    /// Only closes the transport's connection: the engine removes the registration and tells the rooms itself, so the
    /// host's own disconnect that follows finds nothing left to do.
    /// </remarks>
    ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default);
}
