namespace ChatRoom;

/// <summary>How a connection attempt ended; hosts map it to their transport (HTTP 401/403/503, close codes).</summary>
public enum ConnectStatus
{
    /// <summary>The connection is registered and may send frames.</summary>
    Accepted,

    /// <summary>The client did not prove who it is (HTTP 401).</summary>
    Unauthenticated,

    /// <summary>The client is known but not allowed in (HTTP 403).</summary>
    Forbidden,

    /// <summary>Storage failed; the client may try again (HTTP 503).</summary>
    Unavailable,
}
