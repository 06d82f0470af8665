namespace ChatRoom.Client;

/// <summary>A member is typing in a room.</summary>
public sealed class ChatTypingEvent : ChatEvent
{
    /// <summary>Gets the member who is typing.</summary>
    public required ChatMember Member { get; init; }
}
