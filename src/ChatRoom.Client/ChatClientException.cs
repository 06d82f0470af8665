namespace ChatRoom.Client;

/// <summary>The server refused something: a join, a send, or the connection itself.</summary>
public sealed class ChatClientException : Exception
{
    /// <summary>The code of a connection refused for a missing or bad token (close code 4401, or HTTP 401 on the upgrade).</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>The code of a connection the server refused (close code 1008).</summary>
    public const string Refused = "refused";

    /// <summary>The code of an operation cut short because the client stopped.</summary>
    public const string Closed = "closed";

    /// <summary>Initializes a new instance of the <see cref="ChatClientException"/> class.</summary>
    public ChatClientException()
        : this("error", "The chat server refused the request.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatClientException"/> class.</summary>
    /// <param name="message">The error message.</param>
    public ChatClientException(string message)
        : this("error", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatClientException"/> class.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public ChatClientException(string message, Exception innerException)
        : this("error", message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatClientException"/> class.</summary>
    /// <param name="code">The protocol's error code (e.g. <c>forbidden</c>) or one of this class's constants.</param>
    /// <param name="message">The server's message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ChatClientException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    /// <summary>Gets the error code: a protocol code such as <c>forbidden</c> or <c>invalid_text</c>, or <see cref="Unauthenticated"/>, <see cref="Refused"/>, <see cref="Closed"/>.</summary>
    public string Code { get; }
}
