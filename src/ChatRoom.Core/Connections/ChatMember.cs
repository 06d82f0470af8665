namespace ChatRoom;

/// <summary>A member: one connection, the name other members see, and who it belongs to.</summary>
/// <remarks>
/// The one shape of a member everywhere: a registered connection's <see cref="ConnectionInfo.Member"/>, a message's
/// <see cref="ChatMessage.Sender"/> (as it was when sent) and a room's <see cref="MemberPage.Members"/>.
/// </remarks>
public sealed record ChatMember
{
    /// <summary>Gets the transport's id for the member's connection.</summary>
    public required string ConnectionId { get; init; }

    /// <summary>Gets the name other members see.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Gets who the connection belongs to: the credentials' user id (a token's <c>sub</c>), or the connection id for
    /// anonymous connections. De-duplication of resent messages is per user.
    /// </summary>
    public required string UserId { get; init; }

    /// <summary>Gets whether <see cref="UserId"/> and <see cref="Name"/> come from verified credentials rather than from the client's request.</summary>
    public bool IsAuthenticated { get; init; }
}
