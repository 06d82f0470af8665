namespace ChatRoom;

/// <summary>Options for <see cref="InProcessMessenger"/>, the messenger for connections this process holds.</summary>
/// <remarks><c>AddChatRoom(configuration)</c> binds <see cref="MaxFrameBytes"/> from <c>WebSocket:MaxOutboundFrameBytes</c>.</remarks>
public sealed class InProcessMessengerOptions
{
    /// <summary>The smallest frame limit: a message of the default 4,000 characters must fit in half a frame.</summary>
    public const int MinFrameBytes = 32 * 1024;

    /// <summary>
    /// Gets or sets the largest frame sent to a connection. Default 128 KB, API Gateway's limit, so that replies page
    /// the same way on every host; at least 32 KB.
    /// </summary>
    /// <remarks>The engine cuts <c>joined</c>, <c>history</c> and <c>members</c> replies to fit and says there is more.</remarks>
    public int MaxFrameBytes { get; set; } = 128 * 1024;
}
