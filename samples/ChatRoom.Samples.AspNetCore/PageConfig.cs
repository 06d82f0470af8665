using System.Text.Json.Serialization;

namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// The config answer at <c>/config</c>: whether the chat checks tokens and how long the page's socket may stay silent
/// before it pings. No WebSocket URL: the page connects to this host's <c>/ws</c>. Never the signing key.
/// </summary>
internal sealed record PageConfig(
    [property: JsonPropertyName("tokens")] bool Tokens,
    [property: JsonPropertyName("tokenRequired")] bool TokenRequired,
    [property: JsonPropertyName("keepAliveSeconds")] int KeepAliveSeconds)
{
    /// <summary>In-process, a ping costs next to nothing: 30 s shows a dead socket within 40 s.</summary>
    public const int DefaultKeepAliveSeconds = 30;

    public static PageConfig From(AuthMode mode) => new(mode.Tokens, mode.TokenRequired, DefaultKeepAliveSeconds);
}
