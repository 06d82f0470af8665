namespace ChatRoom.Internal;

/// <summary>A client error as a value: the protocol's error code and the message the <c>error</c> frame carries.</summary>
internal readonly record struct ChatError(string Code, string Message);
