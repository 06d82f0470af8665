namespace ChatRoom;

/// <summary>The outcome of appending a message.</summary>
public sealed record AppendResult
{
    /// <summary>Gets the stored message: the new one, or the original when this was a duplicate.</summary>
    public required ChatMessage Message { get; init; }

    /// <summary>Gets whether the same sender already stored a message with this client message id in this room.</summary>
    public bool IsDuplicate { get; init; }
}
