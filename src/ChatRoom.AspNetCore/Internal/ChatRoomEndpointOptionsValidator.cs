namespace ChatRoom.AspNetCore.Internal;

/// <summary>Checks a chat endpoint's options when it is mapped; each failure names its setting.</summary>
internal static class ChatRoomEndpointOptionsValidator
{
    /// <summary>Longer delays would be latency users notice, for no further saving: a write per delay is already rare.</summary>
    private static readonly TimeSpan MaxWriteDelay = TimeSpan.FromMilliseconds(100);

    public static List<string> Validate(ChatRoomEndpointOptions options, int outboundFrameBytes)
    {
        var failures = new List<string>();
        var socket = options.WebSocket;
        if (socket.MaxFrameBytes is < 256 or > 16 * 1024 * 1024)
        {
            failures.Add($"ChatRoom:WebSocket:MaxFrameBytes is {socket.MaxFrameBytes}; it must be between 256 and 16777216.");
        }

        if (socket.MaxQueuedBytes < socket.MaxFrameBytes)
        {
            failures.Add($"ChatRoom:WebSocket:MaxQueuedBytes is {socket.MaxQueuedBytes}; it must be at least MaxFrameBytes ({socket.MaxFrameBytes}).");
        }

        if (outboundFrameBytes > socket.MaxQueuedBytes / 2)
        {
            failures.Add($"ChatRoom:WebSocket:MaxOutboundFrameBytes is {outboundFrameBytes}; it must be at most half of MaxQueuedBytes ({socket.MaxQueuedBytes / 2}).");
        }

        if (socket.CloseTimeout <= TimeSpan.Zero)
        {
            failures.Add("ChatRoom:WebSocket:CloseTimeout must be positive.");
        }

        if (socket.WriteDelay < TimeSpan.Zero || socket.WriteDelay > MaxWriteDelay)
        {
            failures.Add($"ChatRoom:WebSocket:WriteDelay is {socket.WriteDelay}; it must be between 00:00:00 and {MaxWriteDelay} (e.g. 00:00:00.005 for 5 ms).");
        }

        if (options.KeepAliveInterval <= TimeSpan.Zero || options.KeepAliveTimeout <= TimeSpan.Zero)
        {
            failures.Add("ChatRoom:KeepAliveInterval and ChatRoom:KeepAliveTimeout must be positive, e.g. 00:00:30.");
        }

        var limit = options.ConnectionLimit;
        if (limit.PermitsPerWindow < 1)
        {
            failures.Add("ChatRoom:ConnectionLimit:PermitsPerWindow must be at least 1.");
        }

        if (limit.Window <= TimeSpan.Zero)
        {
            failures.Add("ChatRoom:ConnectionLimit:Window must be positive, e.g. 00:01:00.");
        }

        if (limit.MaxConcurrentPerAddress < 1)
        {
            failures.Add("ChatRoom:ConnectionLimit:MaxConcurrentPerAddress must be at least 1.");
        }

        if (string.IsNullOrEmpty(options.UserIdClaimType) || string.IsNullOrEmpty(options.RoomsClaimType))
        {
            failures.Add("ChatRoom:UserIdClaimType and ChatRoom:RoomsClaimType must name a claim type.");
        }

        return failures;
    }
}
