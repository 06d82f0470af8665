namespace ChatRoom.Internal;

/// <summary>The default authenticator: every connection is anonymous and picks its name with the <c>name</c> query parameter.</summary>
internal sealed class AnonymousAuthenticator : IChatAuthenticator
{
    public ValueTask<AuthenticationResult> AuthenticateAsync(ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(AuthenticationResult.Anonymous);
}
