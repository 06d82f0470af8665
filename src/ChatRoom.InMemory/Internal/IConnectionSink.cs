namespace ChatRoom.InMemory.Internal;

/// <summary>Where the in-process messenger hands a connection's frames: a WebSocket session or a test client.</summary>
internal interface IConnectionSink
{
    /// <summary>Queues a frame without blocking; the frame is shared and must not be modified.</summary>
    DeliveryResult Deliver(ReadOnlyMemory<byte> utf8Frame);

    /// <summary>Starts closing the connection because the server asked to (the server-side API's disconnect); never blocks.</summary>
    void Close();
}
