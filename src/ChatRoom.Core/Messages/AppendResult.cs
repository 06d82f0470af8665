namespace ChatRoom;

/// <summary>The outcome of appending a message.</summary>
public sealed record AppendResult
{
    /// <summary>Gets the stored message: the new one, or the original when this was a duplicate.</summary>
    public required ChatMessage Message { get; init; }

    /// <summary>Gets whether the same sender already stored a message with this client message id in this room.</summary>
    public bool IsDuplicate { get; init; }

    /// <summary>
    /// Gets whether the store also published the message to the room on every node, in the same atomic step as the
    /// append (a store that is its own <see cref="IChatBackplane"/>, such as <c>ChatRoom.Redis</c>'s), so that every node
    /// sees the room's messages in seq order. The engine then does not broadcast it again. Default: <see langword="false"/>.
    /// </summary>
    public bool IsPublished { get; init; }
}
