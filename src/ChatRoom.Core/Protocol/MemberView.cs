namespace ChatRoom.Internal;

/// <summary>A member as events show it.</summary>
internal sealed record MemberView(string ConnectionId, string Name)
{
    public static MemberView From(RoomMember member) => new(member.ConnectionId, member.Name);

    public static MemberView From(ConnectionInfo connection) => new(connection.ConnectionId, connection.DisplayName);
}
