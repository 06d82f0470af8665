namespace ChatRoom.Internal;

/// <summary>A message <see cref="MessagePublisher"/> stored and broadcast: the message, its frame, and what the broadcast found.</summary>
internal sealed record PublishedMessage(ChatMessage Message, ReadOnlyMemory<byte> Frame, BroadcastResult Broadcast);
