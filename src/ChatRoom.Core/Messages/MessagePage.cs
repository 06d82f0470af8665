namespace ChatRoom;

/// <summary>A page of a room's messages.</summary>
public sealed record MessagePage
{
    /// <summary>An empty page with nothing more.</summary>
    public static MessagePage Empty { get; } = new() { Messages = [] };

    /// <summary>Gets the messages in ascending sequence order.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Gets whether more messages lie beyond this page in the direction it was read.</summary>
    public bool HasMore { get; init; }

    /// <summary>Gets the seqs this page accounts for: each is in <see cref="Messages"/> or will never be delivered in the room.</summary>
    /// <remarks>
    /// <see langword="null"/> when the page accounts for none. Read after a seq (<see cref="IMessageStore.GetAfterAsync"/>)
    /// it starts just above that seq and ends at the highest seq the read accounted for; read backwards it runs from
    /// the lowest listed message to the highest. It always covers every listed message.
    /// </remarks>
    public SeqRange? Range { get; init; }
}
