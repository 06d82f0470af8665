namespace ChatRoom.Client;

/// <summary>The state of a <see cref="ChatClient"/>'s connection.</summary>
public enum ChatConnectionState
{
    /// <summary>Not connected, and not trying: before <see cref="ChatClient.StartAsync"/>, after a stop or a refusal.</summary>
    Disconnected,

    /// <summary>The first connection is being opened.</summary>
    Connecting,

    /// <summary>Connected; rooms are being joined or are joined.</summary>
    Connected,

    /// <summary>The connection closed without the application asking; the client is reconnecting with backoff.</summary>
    Reconnecting,
}
