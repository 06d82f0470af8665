namespace ChatRoom.Samples.Tests.Hosting;

/// <summary>Refuses rooms whose names start with <c>private-</c>, and connections named <c>mallory</c>.</summary>
public sealed class RoomAuthorizer : IChatAuthorizer
{
    public const string PrivatePrefix = "private-";
    public const string BannedName = "mallory";

    public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(connection.Member.Name == BannedName ? AuthorizationDecision.Forbid("Mallory is banned.") : AuthorizationDecision.Allow);

    public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(room.StartsWith(PrivatePrefix, StringComparison.Ordinal) ? AuthorizationDecision.Forbid("Members only.") : AuthorizationDecision.Allow);
}
