using System.Security.Claims;

namespace ChatRoom.AspNetCore;

/// <summary>Options of a chat endpoint mapped with <c>MapChatRoom</c>.</summary>
/// <remarks>
/// <c>MapChatRoom(pattern)</c> binds them from the <c>ChatRoom</c> section of the app's configuration (the keys below,
/// e.g. <c>ChatRoom:AllowedOrigins</c> or <c>ChatRoom:WebSocket:MaxFrameBytes</c>); the overload with an
/// <see cref="Action{T}"/> runs after that binding, and the one with a section binds that section instead. They are
/// checked when the endpoint is mapped. Each mapped endpoint has its own options and its own per-address limits.
/// </remarks>
public sealed class ChatRoomEndpointOptions
{
    /// <summary>The configuration section <c>MapChatRoom(pattern)</c> binds: <c>ChatRoom</c>, the section of <see cref="ChatRoomOptions"/>.</summary>
    public const string SectionName = ChatRoomOptions.SectionName;

    /// <summary>
    /// Gets the origins (<c>scheme://host[:port]</c>) of the pages allowed to open the socket. Default empty: only pages
    /// of the socket's own origin. Requests without <c>Origin</c> (non-browser clients) are allowed; others get 403.
    /// </summary>
    /// <remarks>This stops cross-site WebSocket hijacking, where a page on another site opens a socket with the user's cookies.</remarks>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Gets or sets how often the server pings each socket. Default 30 seconds.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a ping may go unanswered before the socket is aborted. Default 30 seconds: a client that
    /// vanished without a close frame is removed, and its rooms told, within interval plus timeout.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the limits of one socket (<c>ChatRoom:WebSocket</c>).</summary>
    public WebSocketHostOptions WebSocket { get; } = new();

    /// <summary>Gets the per-address limits on upgrades and open sockets (<c>ChatRoom:ConnectionLimit</c>); refused upgrades get 429 with <c>Retry-After</c>.</summary>
    public ConnectionLimitOptions ConnectionLimit { get; } = new();

    /// <summary>Gets or sets the claim of an authenticated <c>HttpContext.User</c> that holds the user id. Default <see cref="ClaimTypes.NameIdentifier"/>.</summary>
    public string UserIdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>
    /// Gets or sets the claim that holds the name other members see. Default <see langword="null"/>: the identity's own
    /// name claim (<see cref="ClaimsIdentity.Name"/>). Without one, the user id is the name.
    /// </summary>
    public string? NameClaimType { get; set; }

    /// <summary>Gets or sets the claim that lists the private rooms the user is granted (one claim per room, or rooms separated by spaces). Default <c>rooms</c>.</summary>
    public string RoomsClaimType { get; set; } = "rooms";
}
