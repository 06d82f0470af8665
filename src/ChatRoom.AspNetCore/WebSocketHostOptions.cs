namespace ChatRoom.AspNetCore;

/// <summary>Limits of one chat WebSocket: bound from <c>ChatRoom:WebSocket</c>.</summary>
public sealed class WebSocketHostOptions
{
    /// <summary>Gets or sets the largest inbound message in bytes; larger ones close the socket with 1009. Default 32 KB, API Gateway's frame limit.</summary>
    public int MaxFrameBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Gets or sets how many outbound bytes may wait for one client; a client that falls further behind is closed (1008).
    /// Default 1 MB; at least twice the in-process messenger's frame limit (<c>WebSocket:MaxOutboundFrameBytes</c>), so
    /// that a newcomer's first reply and the room's live traffic fit its queue together.
    /// </summary>
    public int MaxQueuedBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets how long a socket that has just been written to waits before its next write, to send every frame
    /// queued meanwhile with that one write: fewer send system calls per delivery in busy rooms, for at most this much
    /// added latency. A socket that had nothing to send for a delay sends its next frame at once, so quiet chats never
    /// wait. Zero writes whenever a frame is queued. Between zero and 100 ms; default 5 ms.
    /// </summary>
    /// <remarks>
    /// Whatever the delay, a writer that wakes sends everything queued for its socket with one write (up to 64 KB at a
    /// time). The default takes about a third off the server's CPU per delivery in a busy room, where a socket gets a
    /// frame every few milliseconds, and adds no latency in a quiet one (there each write costs one more wake-up of the
    /// writer, at the tick that finds nothing, which matters only while the server is far from busy); see
    /// docs/benchmarks.md for the measurements.
    /// </remarks>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Gets or sets how long a closing socket may take to finish its close handshake before it is aborted. Default 5 seconds.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
