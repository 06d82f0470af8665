namespace ChatRoom;

/// <summary>Who sent a message.</summary>
/// <param name="ConnectionId">The connection it was sent from.</param>
/// <param name="Name">The sender's display name at the time.</param>
/// <param name="UserId">The sender's user id; de-duplication is per user.</param>
public sealed record MessageSender(string ConnectionId, string Name, string UserId)
{
    /// <summary>Gets whether the name and user id came from verified credentials (<see cref="ConnectionInfo.IsAuthenticated"/>).</summary>
    public bool IsAuthenticated { get; init; }
}
