namespace ChatRoom.Internal;

/// <summary>A member as events show it.</summary>
/// <remarks>
/// <see cref="Verified"/> is <see langword="true"/> when the name comes from verified credentials (a signed-in
/// connection) and absent otherwise: an anonymous client picks its own name, so it may equal a signed-in user's.
/// </remarks>
internal sealed record MemberView(string ConnectionId, string Name)
{
    public bool? Verified { get; init; }

    public static MemberView From(RoomMember member) => Create(member.ConnectionId, member.Name, member.IsAuthenticated);

    public static MemberView From(ConnectionInfo connection) => Create(connection.ConnectionId, connection.DisplayName, connection.IsAuthenticated);

    public static MemberView From(MessageSender sender) => Create(sender.ConnectionId, sender.Name, sender.IsAuthenticated);

    public static MemberView Create(string connectionId, string name, bool isAuthenticated) =>
        new(connectionId, name) { Verified = isAuthenticated ? true : null };
}
