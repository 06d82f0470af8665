namespace ChatRoom;

/// <summary>A page of a room's messages.</summary>
/// <param name="Messages">The messages in ascending sequence order.</param>
/// <param name="HasMore">Whether more messages lie beyond this page in the direction it was read.</param>
public sealed record MessagePage(IReadOnlyList<ChatMessage> Messages, bool HasMore)
{
    /// <summary>An empty page with nothing more.</summary>
    public static MessagePage Empty { get; } = new([], false);
}
