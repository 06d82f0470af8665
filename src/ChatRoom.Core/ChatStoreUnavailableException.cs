namespace ChatRoom;

/// <summary>A store could not do what was asked (unreachable, throttled after retries, or failed); nothing was half-written.</summary>
/// <remarks>Adapters translate their provider's errors into this exception; the engine answers the client with <c>unavailable</c>.</remarks>
public sealed class ChatStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChatStoreUnavailableException()
        : base("The chat store is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public ChatStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the provider's exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The provider's exception.</param>
    public ChatStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
