namespace ChatRoom.InMemory.Internal;

/// <summary>Orders members by connection id (ordinal), the order rosters are kept and paged in.</summary>
internal sealed class MemberOrder : IComparer<ChatMember>
{
    public static MemberOrder Instance { get; } = new();

    public int Compare(ChatMember? x, ChatMember? y) => string.CompareOrdinal(x?.ConnectionId, y?.ConnectionId);
}
