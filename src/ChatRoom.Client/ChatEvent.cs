namespace ChatRoom.Client;

/// <summary>An event a <see cref="ChatClient"/> hands to the application, in delivery order.</summary>
/// <remarks>
/// The kinds are <see cref="ChatMessageEvent"/> (exactly once per seq per room, in increasing seq),
/// <see cref="ChatPresenceEvent"/>, <see cref="ChatTypingEvent"/> and <see cref="ChatConnectionStateEvent"/>.
/// </remarks>
public abstract class ChatEvent
{
    /// <summary>Initializes a new instance of the <see cref="ChatEvent"/> class.</summary>
    protected ChatEvent()
    {
    }

    /// <summary>Gets the room the event belongs to, or null for connection-state changes.</summary>
    public string? Room { get; init; }
}
