namespace ChatRoom;

/// <summary>A stored message.</summary>
/// <param name="Room">The room it was sent to.</param>
/// <param name="Seq">Its sequence number: strictly increasing per room, never reused; usually from 1, but a store may continue above seqs it no longer holds.</param>
/// <param name="Id">Its globally unique id.</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="Text">The text.</param>
/// <param name="SentAt">When the engine accepted it (UTC, millisecond precision).</param>
/// <param name="ClientMessageId">The sender's id for it, used to de-duplicate resends.</param>
public sealed record ChatMessage(
    string Room,
    long Seq,
    string Id,
    ChatMember Sender,
    string Text,
    DateTimeOffset SentAt,
    string? ClientMessageId);
