namespace ChatRoom;

/// <summary>A connection as the other members of a room see it.</summary>
/// <param name="ConnectionId">The member's connection id.</param>
/// <param name="Name">The member's display name.</param>
public sealed record RoomMember(string ConnectionId, string Name)
{
    /// <summary>Gets whether the name comes from verified credentials (<see cref="ConnectionInfo.IsAuthenticated"/>) rather than from the client's request.</summary>
    public bool IsAuthenticated { get; init; }
}
