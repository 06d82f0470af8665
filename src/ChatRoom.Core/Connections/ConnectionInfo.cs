namespace ChatRoom;

/// <summary>A registered connection.</summary>
/// <param name="ConnectionId">The transport's id for the connection.</param>
/// <param name="DisplayName">The name other members see.</param>
/// <param name="UserId">Who the connection belongs to; the connection id for anonymous connections.</param>
/// <param name="ConnectedAt">When the connection was registered.</param>
public sealed record ConnectionInfo(string ConnectionId, string DisplayName, string UserId, DateTimeOffset ConnectedAt);
