namespace ChatRoom.Internal;

/// <summary>A client error: becomes an error frame for the sender; the connection stays usable.</summary>
internal sealed class ChatProtocolException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
