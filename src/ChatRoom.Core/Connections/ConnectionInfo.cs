namespace ChatRoom;

/// <summary>A registered connection: its member and what only the connection has.</summary>
/// <remarks>Connection stores keep every property, <see cref="GrantedRooms"/> included.</remarks>
public sealed record ConnectionInfo
{
    /// <summary>Gets the connection's member: its id, name and user.</summary>
    public required ChatMember Member { get; init; }

    /// <summary>Gets the transport's id for the connection (the <see cref="Member"/>'s).</summary>
    public string ConnectionId => Member.ConnectionId;

    /// <summary>Gets when the connection was registered.</summary>
    public required DateTimeOffset ConnectedAt { get; init; }

    /// <summary>Gets the private rooms the connection's credentials grant (a token's <c>rooms</c> claim). Default: none.</summary>
    public IReadOnlyList<string> GrantedRooms { get; init; } = [];

    /// <summary>
    /// Gets the rooms the connection was in when <see cref="IConnectionStore.GetConnectionAsync"/> read it, for a store
    /// that reads them in the same request (the engine then skips <see cref="IConnectionStore.GetRoomsAsync"/>), or
    /// <see langword="null"/> when the store leaves that to <see cref="IConnectionStore.GetRoomsAsync"/>. Default: null.
    /// </summary>
    /// <remarks>
    /// A snapshot as strongly consistent as <see cref="IConnectionStore.GetRoomsAsync"/> would be at that moment. Ignored
    /// when registering or joining, and not compared by <see cref="Equals(ConnectionInfo?)"/>: memberships change while
    /// the connection stays the same.
    /// </remarks>
    public IReadOnlyList<string>? Rooms { get; init; }

    /// <summary>Compares every property, <see cref="GrantedRooms"/> element by element.</summary>
    /// <param name="other">The other connection.</param>
    /// <returns>Whether both describe the same connection.</returns>
    public bool Equals(ConnectionInfo? other) =>
        other is not null
        && Member.Equals(other.Member)
        && ConnectedAt.Equals(other.ConnectedAt)
        && GrantedRooms.SequenceEqual(other.GrantedRooms, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Member, ConnectedAt, GrantedRooms.Count);
}
