using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChatRoom.Internal;

/// <summary>Turns outbound events into UTF-8 frames, once per event, so a broadcast shares one byte array.</summary>
/// <remarks>Text goes out as UTF-8, escaping only what JSON requires (<see cref="MinimalJsonEncoder"/>).</remarks>
internal static class FrameSerializer
{
    private static readonly ProtocolJsonContext s_wire = new(new JsonSerializerOptions(ProtocolJsonContext.Default.Options)
    {
        Encoder = MinimalJsonEncoder.Instance,
    });

    [ThreadStatic]
    private static MeasuringWriter? t_measuring;

    public static MessageEvent ToEvent(ChatMessage message) => new(
        message.Room,
        message.Seq,
        message.Id,
        message.Sender,
        message.Text,
        message.SentAt.UtcDateTime,
        message.ClientMessageId)
    {
        System = ServerSenders.IsSystem(message.Sender) ? true : null,
    };

    public static byte[] Message(ChatMessage message) => JsonSerializer.SerializeToUtf8Bytes(ToEvent(message), s_wire.MessageEvent);

    public static byte[] Joined(JoinedEvent joined) => JsonSerializer.SerializeToUtf8Bytes(joined, s_wire.JoinedEvent);

    public static byte[] Presence(string room, string presence, ChatMember member) =>
        JsonSerializer.SerializeToUtf8Bytes(new PresenceEvent(room, presence, member), s_wire.PresenceEvent);

    public static byte[] Left(string room) => JsonSerializer.SerializeToUtf8Bytes(new LeftEvent(room), s_wire.LeftEvent);

    public static byte[] History(HistoryEvent history) => JsonSerializer.SerializeToUtf8Bytes(history, s_wire.HistoryEvent);

    public static byte[] Members(MembersEvent members) => JsonSerializer.SerializeToUtf8Bytes(members, s_wire.MembersEvent);

    public static byte[] Typing(string room, ChatMember member) =>
        JsonSerializer.SerializeToUtf8Bytes(new TypingEvent(room, member), s_wire.TypingEvent);

    public static byte[] Pong { get; } = JsonSerializer.SerializeToUtf8Bytes(PongEvent.Instance, s_wire.PongEvent);

    public static byte[] Error(ChatError error, string? action, string? clientMessageId) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorEvent(error.Code, error.Message, action, clientMessageId), s_wire.ErrorEvent);

    public static int SizeOf(MessageEvent message) => Measure(message, s_wire.MessageEvent);

    public static int SizeOf(ChatMember member) => Measure(member, s_wire.ChatMember);

    public static int SizeOf(JoinedEvent joined) => Measure(joined, s_wire.JoinedEvent);

    public static int SizeOf(HistoryEvent history) => Measure(history, s_wire.HistoryEvent);

    public static int SizeOf(MembersEvent members) => Measure(members, s_wire.MembersEvent);

    /// <summary>The bytes a value takes on the wire, the same as its frame's (or, in a list, its element's), without keeping them.</summary>
    private static int Measure<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var measuring = t_measuring ??= new MeasuringWriter();
        measuring.Buffer.ResetWrittenCount();
        measuring.Writer.Reset(measuring.Buffer);
        JsonSerializer.Serialize(measuring.Writer, value, typeInfo);
        measuring.Writer.Flush();
        return measuring.Buffer.WrittenCount;
    }

    /// <summary>A writer and buffer reused by one thread to measure values.</summary>
    private sealed class MeasuringWriter
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public Utf8JsonWriter Writer { get; }

        public MeasuringWriter() => Writer = new Utf8JsonWriter(Buffer, new JsonWriterOptions { Encoder = MinimalJsonEncoder.Instance, SkipValidation = true });
    }
}
