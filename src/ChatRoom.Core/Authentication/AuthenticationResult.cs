namespace ChatRoom;

/// <summary>An authenticator's answer: an identity, anonymous, or a failure with a reason for the client.</summary>
public sealed class AuthenticationResult
{
    private AuthenticationResult(ChatIdentity? identity, string? failureReason)
    {
        Identity = identity;
        FailureReason = failureReason;
    }

    /// <summary>Gets the answer for a request without credentials where anonymous connections are allowed.</summary>
    public static AuthenticationResult Anonymous { get; } = new(null, null);

    /// <summary>Gets the proven identity, or <see langword="null"/> when anonymous or failed.</summary>
    public ChatIdentity? Identity { get; }

    /// <summary>Gets why the credentials were refused, or <see langword="null"/> when they were not.</summary>
    /// <remarks>Sent to the client; it must never contain the credentials themselves.</remarks>
    public string? FailureReason { get; }

    /// <summary>Gets whether the connection must be refused as unauthenticated.</summary>
    public bool IsFailure => FailureReason is not null;

    /// <summary>Creates the answer for proven credentials.</summary>
    /// <param name="identity">Who the connection belongs to.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is null.</exception>
    public static AuthenticationResult Success(ChatIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new(identity, null);
    }

    /// <summary>Creates the answer for missing, invalid or expired credentials.</summary>
    /// <param name="reason">A short reason for the client, e.g. "The token has expired.".</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or empty.</exception>
    public static AuthenticationResult Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(null, reason);
    }
}
