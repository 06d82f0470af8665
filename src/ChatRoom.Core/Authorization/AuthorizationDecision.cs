namespace ChatRoom;

/// <summary>An authorizer's answer.</summary>
/// <param name="Status">Allowed, or why not.</param>
/// <param name="Reason">A short reason for the client when refused.</param>
public sealed record AuthorizationDecision(AuthorizationStatus Status, string? Reason = null)
{
    /// <summary>Allows the request.</summary>
    public static AuthorizationDecision Allow { get; } = new(AuthorizationStatus.Allowed);

    /// <summary>Gets whether the request is allowed.</summary>
    public bool IsAllowed => Status == AuthorizationStatus.Allowed;

    /// <summary>Refuses a request from a client that is known but not allowed.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    public static AuthorizationDecision Forbid(string reason) => new(AuthorizationStatus.Forbidden, reason);

    /// <summary>Refuses a request from a client that did not prove who it is.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    public static AuthorizationDecision Unauthenticated(string reason) => new(AuthorizationStatus.Unauthenticated, reason);
}
