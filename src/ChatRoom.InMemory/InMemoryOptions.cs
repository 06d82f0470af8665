namespace ChatRoom.InMemory;

/// <summary>Options for the in-memory stores.</summary>
/// <remarks>
/// The message store keeps history within a budget: <see cref="MaxHistoryPerRoom"/> messages per room, and across
/// rooms <see cref="MaxRooms"/> and <see cref="MaxHistoryBytes"/>. When an append takes the store over either of the
/// last two, rooms without members are forgotten, least recently used (appended to or read) first, until the store is
/// back under 90 % of both; if the bytes are still over, the rooms holding the most drop their oldest messages (each
/// keeps its newest). Rooms with members are never forgotten. A forgotten room used again starts its seqs above the
/// highest seq of any forgotten room, so seqs never repeat, and after evictions a new room's first seq may be above 1.
/// </remarks>
public sealed class InMemoryOptions
{
    /// <summary>The subsection of the <c>ChatRoom</c> section these options are bound from: <c>InMemory</c>.</summary>
    public const string SectionName = "InMemory";

    /// <summary>Gets or sets how many messages each room keeps; the oldest are dropped beyond it. Default 10,000.</summary>
    public int MaxHistoryPerRoom { get; set; } = 10_000;

    /// <summary>Gets or sets how many rooms' history is kept before rooms without members are forgotten. Default 10,000.</summary>
    public int MaxRooms { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets the estimated bytes all rooms' history may hold before rooms without members are forgotten and, if
    /// that is not enough, the largest rooms drop their oldest messages. Default 128 MiB.
    /// </summary>
    /// <remarks>
    /// The estimate counts every string of a message as UTF-16 with its object overhead, the message objects, and each
    /// room's slots and bookkeeping (about 300 bytes plus its name), so that real memory stays under it.
    /// </remarks>
    public long MaxHistoryBytes { get; set; } = 128L * 1024 * 1024;
}
