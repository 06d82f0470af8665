namespace ChatRoom.InMemory.Internal;

/// <summary>
/// What the history holds on the managed heap, estimated from above (64-bit layout) so that real memory stays under
/// <see cref="InMemoryOptions.MaxHistoryBytes"/>.
/// </summary>
/// <remarks>
/// Every string of a message is counted, although the engine's messages share some (a sender's ids and name): what
/// is shared costs less than estimated, never more.
/// </remarks>
internal static class MemoryEstimate
{
    /// <summary>A <see cref="ChatMessage"/>: header and method table (16), five references, a long and a <see cref="DateTimeOffset"/> (16).</summary>
    public const long MessageBytes = 80;

    /// <summary>A <see cref="ChatMember"/>: header and method table (16), three references and a flag (padded to 8).</summary>
    public const long SenderBytes = 48;

    /// <summary>One slot of a room's ring: a reference.</summary>
    public const long SlotBytes = 8;

    /// <summary>One slot of a room's de-duplication table: an entry (hash, next, two-string key, value) and its bucket.</summary>
    public const long DedupSlotBytes = 36;

    /// <summary>A room's de-duplication table without its slots: the dictionary and its two array headers.</summary>
    public const long DedupTableBytes = 136;

    /// <summary>
    /// A room without its messages and slots: its log, lock and ring objects, the ring's array header, and its node and
    /// bucket in the store's room table.
    /// </summary>
    public const long RoomBytes = 256;

    public static long Of(ChatMessage message) =>
        MessageBytes + SenderBytes
        + Of(message.Room) + Of(message.Id) + Of(message.Text) + Of(message.ClientMessageId)
        + Of(message.Sender.ConnectionId) + Of(message.Sender.Name) + Of(message.Sender.UserId);

    /// <summary>A string: header and method table (16), length (4), UTF-16 characters and a terminator, in 8-byte units.</summary>
    public static long Of(string? text) => text is null ? 0 : (22 + (2L * text.Length) + 7) & ~7L;
}
