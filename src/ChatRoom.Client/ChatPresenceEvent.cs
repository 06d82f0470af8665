namespace ChatRoom.Client;

/// <summary>A member joined or left a room.</summary>
public sealed class ChatPresenceEvent : ChatEvent
{
    /// <summary>Gets <c>joined</c> or <c>left</c>, as the server sent it.</summary>
    public required string Event { get; init; }

    /// <summary>Gets the member who joined or left.</summary>
    public required ChatMember Member { get; init; }
}
