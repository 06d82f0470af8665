namespace ChatRoom;

/// <summary>A page of a room's messages.</summary>
/// <param name="Messages">The messages in ascending sequence order.</param>
/// <param name="HasMore">Whether more messages lie beyond this page in the direction it was read.</param>
public sealed record MessagePage(IReadOnlyList<ChatMessage> Messages, bool HasMore)
{
    /// <summary>An empty page with nothing more.</summary>
    public static MessagePage Empty { get; } = new([], false);

    /// <summary>Gets the seqs this page accounts for: each is in <see cref="Messages"/> or will never be delivered in the room.</summary>
    /// <remarks>
    /// <see langword="null"/> when the page accounts for none. Read after a seq (<see cref="IMessageStore.GetAfterAsync"/>)
    /// it starts just above that seq and ends at the highest seq the read accounted for; read backwards it runs from
    /// the lowest listed message to the highest. It always covers every listed message.
    /// </remarks>
    public SeqRange? Range { get; init; }
}
