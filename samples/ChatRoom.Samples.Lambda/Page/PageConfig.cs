namespace ChatRoom.Samples.Lambda.Page;

/// <summary>The config answer (<c>GET /config</c>): where the page connects and how it behaves there. Never a key.</summary>
internal sealed class PageConfig
{
    /// <summary>Gets the WebSocket URL the page connects to; absent means same-origin <c>/ws</c>.</summary>
    public string? WebSocketUrl { get; init; }

    /// <summary>Gets a value indicating whether the chat checks signed tokens (the page then shows its token field).</summary>
    public bool Tokens { get; init; }

    /// <summary>Gets a value indicating whether a client without a token is refused.</summary>
    public bool TokenRequired { get; init; }

    /// <summary>Gets how long the page's socket may stay silent before it pings.</summary>
    public int KeepAliveSeconds { get; init; }
}
