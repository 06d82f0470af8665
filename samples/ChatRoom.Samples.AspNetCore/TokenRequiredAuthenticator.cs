namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// Refuses connections that JwtBearer did not authenticate, when <c>ChatRoom:Jwt:AllowAnonymous</c> is off: a
/// connection with a valid token arrives with its identity and never reaches an authenticator, one with a bad token is
/// refused by <c>MapChatRoom</c> with JwtBearer's reason, so only requests without a token end up here.
/// </summary>
/// <remarks>
/// The socket is refused after the upgrade (close 4401 with this reason) rather than with <c>RequireAuthorization()</c>'s
/// HTTP 401, which a browser's WebSocket cannot read.
/// </remarks>
internal sealed class TokenRequiredAuthenticator : IChatAuthenticator
{
    private static readonly AuthenticationResult Refused =
        AuthenticationResult.Fail($"A token is required: pass it in the {TokenAuthentication.QueryParameter} query parameter or an Authorization: Bearer header.");

    public ValueTask<AuthenticationResult> AuthenticateAsync(ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Refused);
}
