namespace ChatRoom;

/// <summary>Who a connection belongs to, as proven by its credentials (e.g. a token's claims).</summary>
public sealed record ChatIdentity
{
    /// <summary>Gets the stable user id (a token's <c>sub</c>): 1–128 characters, no control characters.</summary>
    public required string UserId { get; init; }

    /// <summary>Gets the name other members see; the engine checks it with the display-name rules.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the private rooms the credentials grant (a token's <c>rooms</c> claim). Default: none.</summary>
    public IReadOnlyList<string> GrantedRooms { get; init; } = [];
}
