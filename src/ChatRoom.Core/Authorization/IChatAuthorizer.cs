namespace ChatRoom;

/// <summary>Decides who may connect and which rooms they may join. The default allows everything.</summary>
/// <remarks>Implementations are thread-safe singletons. Register your own with <c>services.AddSingleton&lt;IChatAuthorizer, MyAuthorizer&gt;()</c>.</remarks>
public interface IChatAuthorizer
{
    /// <summary>Decides whether a new connection is accepted.</summary>
    /// <param name="connection">The connection as it would be registered.</param>
    /// <param name="metadata">What the transport knows about the request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decision; a refused connection is never registered.</returns>
    ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>Decides whether a connection may join a room.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="room">The room it asks to join.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decision; a refused join gets the <c>forbidden</c> error.</returns>
    ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default);
}
