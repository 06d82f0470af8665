namespace ChatRoom.Client.Internal;

/// <summary>A frame the client sends; null fields are left out.</summary>
internal sealed class ClientFrame
{
    public required string Action { get; init; }

    public string? Room { get; init; }

    public long? Since { get; init; }

    public long? After { get; init; }

    public int? Limit { get; init; }

    public string? Text { get; init; }

    public string? ClientMessageId { get; init; }
}
