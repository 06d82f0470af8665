namespace ChatRoom.Internal;

/// <summary>The default authorizer: everyone may connect and join any room.</summary>
internal sealed class AllowAllAuthorizer : IChatAuthorizer
{
    public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default) => ValueTask.FromResult(AuthorizationDecision.Allow);

    public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default) => ValueTask.FromResult(AuthorizationDecision.Allow);
}
