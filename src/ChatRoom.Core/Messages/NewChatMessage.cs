namespace ChatRoom;

/// <summary>A message to append; the store assigns its sequence number.</summary>
/// <param name="Room">The room.</param>
/// <param name="Id">Its globally unique id.</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="Text">The text.</param>
/// <param name="SentAt">When the engine accepted it.</param>
/// <param name="ClientMessageId">The sender's id for it, if any.</param>
public sealed record NewChatMessage(
    string Room,
    string Id,
    ChatMember Sender,
    string Text,
    DateTimeOffset SentAt,
    string? ClientMessageId)
{
    /// <summary>Creates the stored message with its sequence number.</summary>
    /// <param name="seq">The assigned sequence number.</param>
    /// <returns>The stored message.</returns>
    public ChatMessage WithSeq(long seq) => new(Room, seq, Id, Sender, Text, SentAt, ClientMessageId);
}
