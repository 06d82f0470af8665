namespace ChatRoom;

/// <summary>Options for the chat engine. Bound from the <c>ChatRoom</c> configuration section in the samples.</summary>
public sealed class ChatRoomOptions
{
    /// <summary>The configuration section the samples bind: <c>ChatRoom</c>.</summary>
    public const string SectionName = "ChatRoom";

    /// <summary>Gets or sets the room every new connection joins. Default <c>general</c>; empty or <see langword="null"/> turns it off.</summary>
    public string? DefaultRoom { get; set; } = "general";

    /// <summary>Gets or sets the longest message text, in UTF-16 code units. Default 4000.</summary>
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>Gets or sets how many rooms one connection may be in at once. Default 16.</summary>
    public int MaxRoomsPerConnection { get; set; } = 16;

    /// <summary>Gets or sets how many frames per second a connection may send on average. Default 10.</summary>
    public int RateLimitPerSecond { get; set; } = 10;

    /// <summary>Gets or sets how many frames a connection may send in a burst. Default 20.</summary>
    public int RateLimitBurst { get; set; } = 20;

    /// <summary>Gets or sets how many recent messages a <c>join</c> without <c>since</c> returns. Default 50.</summary>
    public int JoinHistoryCount { get; set; } = 50;

    /// <summary>Gets or sets the most messages a <c>join</c> with <c>since</c> returns. Default 500.</summary>
    public int MaxRecoveryCount { get; set; } = 500;

    /// <summary>Gets or sets the most members listed in a <c>joined</c> or <c>members</c> reply. Default 1000.</summary>
    public int MaxMembersListed { get; set; } = 1000;

    /// <summary>Gets or sets how many members a broadcast reads from the store per page. Default 1000.</summary>
    public int BroadcastPageSize { get; set; } = 1000;

    /// <summary>Gets or sets how many sends one broadcast keeps in flight at once. Default 128.</summary>
    /// <remarks>
    /// Only sends that do not complete at once count against it, and in-process sends always complete at once. It
    /// bounds a broadcast through a messenger that posts over the network (API Gateway's <c>@connections</c>), where a
    /// room of M members takes about ⌈M / this⌉ times one post's latency.
    /// </remarks>
    public int BroadcastConcurrency { get; set; } = 128;

    /// <summary>
    /// Gets or sets the prefix of private rooms. Default <c>private.</c>; empty turns private rooms off. Only signed-in
    /// connections whose token grants the room, or whose user id is listed in <see cref="PrivateRooms"/>, may join one;
    /// anonymous connections never may.
    /// </summary>
    public string? PrivateRoomPrefix { get; set; } = "private.";

    /// <summary>
    /// Gets the user ids allowed into each private room, in addition to those whose token grants it, e.g.
    /// <c>ChatRoom:PrivateRooms:private.ops:0 = alice</c>. Keys are room names starting with <see cref="PrivateRoomPrefix"/>.
    /// </summary>
    public IDictionary<string, IList<string>> PrivateRooms { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);
}
