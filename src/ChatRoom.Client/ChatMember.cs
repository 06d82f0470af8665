namespace ChatRoom.Client;

/// <summary>A room member: one connection and its display name.</summary>
public sealed class ChatMember
{
    /// <summary>Gets the member's connection id.</summary>
    public required string ConnectionId { get; init; }

    /// <summary>Gets the member's display name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets whether the name comes from a token the server checked (otherwise the client picked it).</summary>
    public bool Verified { get; init; }
}
