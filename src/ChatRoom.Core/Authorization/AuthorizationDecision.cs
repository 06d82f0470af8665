namespace ChatRoom;

/// <summary>An authorizer's answer: <see cref="Allow"/>, <see cref="Forbid"/> or <see cref="Unauthenticated"/>.</summary>
public sealed record AuthorizationDecision
{
    /// <summary>Allows the request.</summary>
    public static AuthorizationDecision Allow { get; } = new() { Status = AuthorizationStatus.Allowed };

    /// <summary>Gets whether the request is allowed, or why not.</summary>
    public required AuthorizationStatus Status { get; init; }

    /// <summary>Gets a short reason for the client when refused.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets whether the request is allowed.</summary>
    public bool IsAllowed => Status == AuthorizationStatus.Allowed;

    /// <summary>Refuses a request from a client that is known but not allowed.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    public static AuthorizationDecision Forbid(string reason) => new() { Status = AuthorizationStatus.Forbidden, Reason = reason };

    /// <summary>Refuses a request from a client that did not prove who it is.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    public static AuthorizationDecision Unauthenticated(string reason) => new() { Status = AuthorizationStatus.Unauthenticated, Reason = reason };
}
