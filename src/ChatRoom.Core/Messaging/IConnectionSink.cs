namespace ChatRoom;

/// <summary>Where <see cref="InProcessMessenger"/> hands one connection's frames: a WebSocket session, a test client.</summary>
/// <remarks>
/// A host registers one sink per connection it holds (<see cref="InProcessMessenger.Register"/>). <see cref="Deliver"/>
/// is called concurrently by broadcasts and must queue the frame without blocking or allocating per call where it can:
/// it is on every recipient's send path.
/// </remarks>
public interface IConnectionSink
{
    /// <summary>Queues one frame for the connection without blocking.</summary>
    /// <param name="utf8Frame">The UTF-8 JSON text frame; shared with other recipients and never modified.</param>
    /// <returns><see cref="DeliveryResult.Delivered"/> when queued, <see cref="DeliveryResult.Gone"/> when the connection is closing or too far behind.</returns>
    DeliveryResult Deliver(ReadOnlyMemory<byte> utf8Frame);

    /// <summary>Starts closing the connection because the server asked to (<see cref="IChatRoomService.DisconnectAsync"/>); never blocks.</summary>
    void Close();
}
