namespace ChatRoom;

/// <summary>A message to append; the store assigns its sequence number.</summary>
public sealed record NewChatMessage
{
    /// <summary>Gets the room.</summary>
    public required string Room { get; init; }

    /// <summary>Gets its globally unique id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets who sent it.</summary>
    public required ChatMember Sender { get; init; }

    /// <summary>Gets the text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets when the engine accepted it.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>Gets the sender's id for it, if any.</summary>
    public string? ClientMessageId { get; init; }

    /// <summary>Creates the stored message with its sequence number.</summary>
    /// <param name="seq">The assigned sequence number.</param>
    /// <returns>The stored message.</returns>
    public ChatMessage WithSeq(long seq) => new()
    {
        Room = Room,
        Seq = seq,
        Id = Id,
        Sender = Sender,
        Text = Text,
        SentAt = SentAt,
        ClientMessageId = ClientMessageId,
    };
}
