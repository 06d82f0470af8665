namespace ChatRoom;

/// <summary>Establishes who a new connection belongs to, before the authorizer decides whether it may connect.</summary>
/// <remarks>
/// Implementations are thread-safe singletons. The default treats every connection as anonymous (the client picks its
/// display name with the <c>name</c> query parameter); <c>AddJwtAuthentication()</c> (package <c>ChatRoom.Authentication.Jwt</c>) replaces it with a JWT check.
/// Register your own with <c>services.Replace(ServiceDescriptor.Singleton&lt;IChatAuthenticator, MyAuthenticator&gt;())</c>.
/// </remarks>
public interface IChatAuthenticator
{
    /// <summary>Reads and checks the credentials in a connection request.</summary>
    /// <param name="metadata">What the transport knows about the request (query parameters, headers, address).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// An identity, <see cref="AuthenticationResult.Anonymous"/> when the request carries no credentials and anonymous
    /// connections are allowed, or a failure that refuses the connection as unauthenticated.
    /// </returns>
    ValueTask<AuthenticationResult> AuthenticateAsync(ConnectionMetadata metadata, CancellationToken cancellationToken = default);
}
