namespace ChatRoom;

/// <summary>What happened to one outbound frame.</summary>
public enum DeliveryResult
{
    /// <summary>The transport accepted the frame for the connection.</summary>
    Delivered,

    /// <summary>The connection no longer exists; the engine removes it and tells its rooms it left.</summary>
    Gone,

    /// <summary>The transport failed for now; the engine logs and counts it, and never throws at the sender.</summary>
    Failed,
}
