using System.Text.Json;

namespace ChatRoom.Internal;

/// <summary>Turns outbound events into UTF-8 frames, once per event, so a broadcast shares one byte array.</summary>
internal static class FrameSerializer
{
    public static MessageEvent ToEvent(ChatMessage message) => new(
        message.Room,
        message.Seq,
        message.Id,
        new MemberView(message.Sender.ConnectionId, message.Sender.Name),
        message.Text,
        message.SentAt.UtcDateTime,
        message.ClientMessageId);

    public static List<MessageEvent> ToEvents(IReadOnlyList<ChatMessage> messages)
    {
        var events = new List<MessageEvent>(messages.Count);
        foreach (var message in messages)
        {
            events.Add(ToEvent(message));
        }

        return events;
    }

    public static byte[] Message(ChatMessage message) => JsonSerializer.SerializeToUtf8Bytes(ToEvent(message), ProtocolJsonContext.Default.MessageEvent);

    public static byte[] Joined(JoinedEvent joined) => JsonSerializer.SerializeToUtf8Bytes(joined, ProtocolJsonContext.Default.JoinedEvent);

    public static byte[] Presence(string room, string presence, MemberView member) =>
        JsonSerializer.SerializeToUtf8Bytes(new PresenceEvent(room, presence, member), ProtocolJsonContext.Default.PresenceEvent);

    public static byte[] Left(string room) => JsonSerializer.SerializeToUtf8Bytes(new LeftEvent(room), ProtocolJsonContext.Default.LeftEvent);

    public static byte[] History(HistoryEvent history) => JsonSerializer.SerializeToUtf8Bytes(history, ProtocolJsonContext.Default.HistoryEvent);

    public static byte[] Members(MembersEvent members) => JsonSerializer.SerializeToUtf8Bytes(members, ProtocolJsonContext.Default.MembersEvent);

    public static byte[] Typing(string room, MemberView member) =>
        JsonSerializer.SerializeToUtf8Bytes(new TypingEvent(room, member), ProtocolJsonContext.Default.TypingEvent);

    public static byte[] Pong { get; } = JsonSerializer.SerializeToUtf8Bytes(PongEvent.Instance, ProtocolJsonContext.Default.PongEvent);

    public static byte[] Error(ChatProtocolException error, string? action, string? clientMessageId) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorEvent(error.Code, error.Message, action, clientMessageId), ProtocolJsonContext.Default.ErrorEvent);
}
