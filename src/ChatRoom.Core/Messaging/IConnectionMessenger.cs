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
}
