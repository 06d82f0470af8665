namespace ChatRoom.Internal;

/// <summary>Members read for a reply, in connection id order, and whether more follow the last one.</summary>
internal sealed record MemberList(IReadOnlyList<ChatMember> Members, bool HasMore)
{
    public static MemberList Empty { get; } = new([], false);
}
