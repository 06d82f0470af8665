namespace ChatRoom.Internal;

/// <summary>Every field an inbound protocol v1 frame may carry; unknown properties are ignored.</summary>
internal sealed class InboundFrame
{
    public string? Action { get; set; }

    public string? Room { get; set; }

    public long? Since { get; set; }

    public long? Before { get; set; }

    public int? Limit { get; set; }

    public string? Text { get; set; }

    /// <summary>Alias of <see cref="Text"/>, as the AWS sample's clients send it.</summary>
    public string? Data { get; set; }

    public string? ClientMessageId { get; set; }

    /// <summary>For <c>members</c>: list the members after this connection id; for <c>history</c>: the messages after this seq.</summary>
    public InboundCursor? After { get; set; }
}
