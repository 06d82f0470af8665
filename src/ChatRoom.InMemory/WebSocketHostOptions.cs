namespace ChatRoom.InMemory;

/// <summary>Options for the in-process WebSocket host.</summary>
public sealed class WebSocketHostOptions
{
    /// <summary>Gets or sets the largest inbound message in bytes; larger ones close the socket with 1009. Default 32 KB, API Gateway's frame limit.</summary>
    public int MaxFrameBytes { get; set; } = 32 * 1024;

    /// <summary>Gets or sets how many outbound bytes may wait for one client; a client that falls further behind is closed (1008). Default 1 MB.</summary>
    public int MaxQueuedBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets the largest frame sent to a client. Default 128 KB, API Gateway's limit, so that replies page the same
    /// way on every host; at least 32 KB and at most half of <see cref="MaxQueuedBytes"/>, so that a newcomer's first
    /// reply and the room's live traffic fit its queue together.
    /// </summary>
    /// <remarks>The engine cuts <c>joined</c>, <c>history</c> and <c>members</c> replies to fit and says there is more.</remarks>
    public int MaxOutboundFrameBytes { get; set; } = 128 * 1024;

    /// <summary>Gets or sets how long a closing socket may take to finish its close handshake before it is aborted. Default 5 seconds.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
