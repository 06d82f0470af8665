namespace ChatRoom;

/// <summary>One page of a room's members.</summary>
public sealed record MemberPage
{
    /// <summary>An empty last page.</summary>
    public static MemberPage Empty { get; } = new() { Members = [] };

    /// <summary>Gets the members on this page, ordered by connection id.</summary>
    public required IReadOnlyList<ChatMember> Members { get; init; }

    /// <summary>
    /// Gets the connection id of the last member on this page, to pass for the next page; <see langword="null"/> on the last page.
    /// </summary>
    public string? ContinuationToken { get; init; }
}
