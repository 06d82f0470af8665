namespace ChatRoom.Client.Internal;

/// <summary>The server's frames as the events and members the application sees.</summary>
internal static class ServerFrameConversions
{
    public static ChatMember ToMember(this ServerMember? member) => new()
    {
        ConnectionId = member?.ConnectionId ?? string.Empty,
        Name = member?.Name ?? string.Empty,
        Verified = member?.Verified ?? false,
    };

    public static ChatMessageEvent ToMessage(this ServerFrame frame) => new()
    {
        Room = frame.Room,
        Seq = frame.Seq ?? 0,
        Id = frame.Id ?? string.Empty,
        Sender = frame.Sender.ToMember(),
        Text = frame.Text ?? string.Empty,
        SentAt = frame.SentAt ?? default,
        ClientMessageId = frame.ClientMessageId,
        IsSystem = frame.IsSystem ?? false,
    };
}
