namespace ChatRoom;

/// <summary>One page of a room's members.</summary>
/// <param name="Members">The members on this page, ordered by connection id.</param>
/// <param name="ContinuationToken">
/// The connection id of the last member on this page, to pass for the next page; <see langword="null"/> on the last page.
/// </param>
public sealed record MemberPage(IReadOnlyList<ChatMember> Members, string? ContinuationToken)
{
    /// <summary>An empty last page.</summary>
    public static MemberPage Empty { get; } = new([], null);
}
