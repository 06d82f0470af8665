namespace ChatRoom.Internal;

/// <summary>A pre-serialised frame for a room's members, and the one connection that must not get it (or null).</summary>
internal readonly record struct OutgoingFrame(ReadOnlyMemory<byte> Utf8, string? ExceptConnectionId);
