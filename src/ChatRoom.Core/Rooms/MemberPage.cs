namespace ChatRoom;

/// <summary>One page of a room's members.</summary>
/// <param name="Members">The members on this page.</param>
/// <param name="ContinuationToken">Pass it to read the next page; <see langword="null"/> on the last page.</param>
public sealed record MemberPage(IReadOnlyList<RoomMember> Members, string? ContinuationToken)
{
    /// <summary>An empty last page.</summary>
    public static MemberPage Empty { get; } = new([], null);
}
