namespace ChatRoom;

/// <summary>A registered connection.</summary>
/// <param name="ConnectionId">The transport's id for the connection.</param>
/// <param name="DisplayName">The name other members see.</param>
/// <param name="UserId">Who the connection belongs to: the credentials' user id (a token's <c>sub</c>), or the connection id for anonymous connections.</param>
/// <param name="ConnectedAt">When the connection was registered.</param>
/// <remarks>Connection stores keep every property, <see cref="IsAuthenticated"/> and <see cref="GrantedRooms"/> included.</remarks>
public sealed record ConnectionInfo(string ConnectionId, string DisplayName, string UserId, DateTimeOffset ConnectedAt)
{
    /// <summary>Gets whether the user id and display name come from verified credentials rather than from the client's request.</summary>
    public bool IsAuthenticated { get; init; }

    /// <summary>Gets the private rooms the connection's credentials grant (a token's <c>rooms</c> claim). Default: none.</summary>
    public IReadOnlyList<string> GrantedRooms { get; init; } = [];

    /// <summary>Compares every property, <see cref="GrantedRooms"/> element by element.</summary>
    /// <param name="other">The other connection.</param>
    /// <returns>Whether both describe the same connection.</returns>
    public bool Equals(ConnectionInfo? other) =>
        other is not null
        && string.Equals(ConnectionId, other.ConnectionId, StringComparison.Ordinal)
        && string.Equals(DisplayName, other.DisplayName, StringComparison.Ordinal)
        && string.Equals(UserId, other.UserId, StringComparison.Ordinal)
        && ConnectedAt.Equals(other.ConnectedAt)
        && IsAuthenticated == other.IsAuthenticated
        && GrantedRooms.SequenceEqual(other.GrantedRooms, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.Ordinal.GetHashCode(ConnectionId),
        StringComparer.Ordinal.GetHashCode(UserId),
        ConnectedAt,
        IsAuthenticated,
        GrantedRooms.Count);
}
