namespace ChatRoom;

/// <summary>Whether an authorizer allows a request.</summary>
public enum AuthorizationStatus
{
    /// <summary>Allowed.</summary>
    Allowed,

    /// <summary>The client did not prove who it is.</summary>
    Unauthenticated,

    /// <summary>The client is not allowed.</summary>
    Forbidden,
}
