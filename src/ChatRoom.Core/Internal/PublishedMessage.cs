namespace ChatRoom.Internal;

/// <summary>A message <see cref="MessagePublisher"/> stored and broadcast: the message, its frame, and whether every member could be listed.</summary>
internal sealed record PublishedMessage(ChatMessage Message, ReadOnlyMemory<byte> Frame, bool ReachedEveryMember);
