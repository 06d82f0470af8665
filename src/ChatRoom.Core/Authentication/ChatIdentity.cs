namespace ChatRoom;

/// <summary>Who a connection belongs to, as proven by its credentials (e.g. a token's claims).</summary>
/// <param name="UserId">The stable user id (a token's <c>sub</c>): 1–128 characters, no control characters.</param>
/// <param name="DisplayName">The name other members see; the engine checks it with the display-name rules.</param>
public sealed record ChatIdentity(string UserId, string DisplayName)
{
    /// <summary>Gets the private rooms the credentials grant (a token's <c>rooms</c> claim). Default: none.</summary>
    public IReadOnlyList<string> GrantedRooms { get; init; } = [];
}
