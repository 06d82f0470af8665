namespace ChatRoom.Internal;

/// <summary>
/// An inbound <c>after</c>: a connection id for <c>members</c>, a sequence number for <c>history</c>. Each action
/// checks that it got the kind it takes; any other JSON type fails the frame.
/// </summary>
internal sealed class InboundCursor
{
    private InboundCursor(string? connectionId, long? seq)
    {
        ConnectionId = connectionId;
        Seq = seq;
    }

    /// <summary>Gets the connection id, when <c>after</c> was a string.</summary>
    public string? ConnectionId { get; }

    /// <summary>Gets the sequence number, when <c>after</c> was an integer.</summary>
    public long? Seq { get; }

    public static InboundCursor FromConnectionId(string connectionId) => new(connectionId, seq: null);

    public static InboundCursor FromSeq(long seq) => new(connectionId: null, seq);
}
