namespace ChatRoom.InMemory.Internal;

/// <summary>Orders members by connection id (ordinal), the order rosters are kept and paged in.</summary>
internal sealed class MemberOrder : IComparer<RoomMember>
{
    public static MemberOrder Instance { get; } = new();

    public int Compare(RoomMember? x, RoomMember? y) => string.CompareOrdinal(x?.ConnectionId, y?.ConnectionId);
}
