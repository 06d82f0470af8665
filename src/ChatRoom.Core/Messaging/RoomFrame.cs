namespace ChatRoom;

/// <summary>One frame of a room broadcast: its bytes, and the connection that does not get it (the one it is about).</summary>
public sealed record RoomFrame
{
    /// <summary>Gets the UTF-8 JSON text frame; shared by every recipient and never modified.</summary>
    public required ReadOnlyMemory<byte> Utf8Frame { get; init; }

    /// <summary>Gets the connection that does not get the frame (a presence event's subject), or <see langword="null"/> for none.</summary>
    public string? ExceptConnectionId { get; init; }
}
