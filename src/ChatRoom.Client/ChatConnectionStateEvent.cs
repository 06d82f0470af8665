namespace ChatRoom.Client;

/// <summary>The connection's state changed.</summary>
public sealed class ChatConnectionStateEvent : ChatEvent
{
    /// <summary>Gets the new state.</summary>
    public required ChatConnectionState State { get; init; }

    /// <summary>Gets why the connection ended, when it ended with an error (a refusal, a lost socket).</summary>
    public Exception? Error { get; init; }
}
