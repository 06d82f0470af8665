namespace ChatRoom;

/// <summary>The outcome of appending a message.</summary>
/// <param name="Message">The stored message: the new one, or the original when this was a duplicate.</param>
/// <param name="IsDuplicate">Whether the same sender already stored a message with this client message id in this room.</param>
public sealed record AppendResult(ChatMessage Message, bool IsDuplicate);
