using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatRoom.Redis.Internal;

/// <summary>
/// A stored message as it lies in <see cref="RedisKeys.RoomHistory"/> and travels on the room channel after the
/// <c>M</c> byte: <c>{"q":seq,"i":id,"s":sender,"x":text,"t":sentAt,"k":clientMessageId}</c>, the time in Unix
/// milliseconds, <c>k</c> only when the sender gave one. The room is the key's, so it is not repeated.
/// </summary>
/// <remarks>
/// The store writes the record without <c>q</c> (<see cref="SerializeWithoutSeq"/>); the append script takes the seq
/// and splices <c>{"q":N,</c> in place of the opening brace, so the seq is taken and the record stored in one step.
/// </remarks>
internal sealed class RedisMessageRecord
{
    /// <summary>Gets the seq; <see langword="null"/> (omitted) in what the store hands the append script.</summary>
    [JsonPropertyName("q")]
    public long? Seq { get; init; }

    [JsonPropertyName("i")]
    public required string Id { get; init; }

    [JsonPropertyName("s")]
    public required RedisMemberRecord Sender { get; init; }

    [JsonPropertyName("x")]
    public required string Text { get; init; }

    [JsonPropertyName("t")]
    public long SentAt { get; init; }

    [JsonPropertyName("k")]
    public string? ClientMessageId { get; init; }

    /// <summary>The record of a message to append, without its seq; it always starts with <c>{"i":</c>.</summary>
    public static byte[] SerializeWithoutSeq(NewChatMessage message) => JsonSerializer.SerializeToUtf8Bytes(
        new RedisMessageRecord
        {
            Id = message.Id,
            Sender = RedisMemberRecord.From(message.Sender),
            Text = message.Text,
            SentAt = message.SentAt.ToUnixTimeMilliseconds(),
            ClientMessageId = message.ClientMessageId,
        },
        RedisJsonContext.Default.RedisMessageRecord);

    /// <summary>Reads a stored record (from the history, or a room channel's payload after its <c>M</c> byte).</summary>
    /// <param name="room">The room whose key or channel it came from.</param>
    /// <param name="utf8Json">The record.</param>
    /// <returns>The message.</returns>
    /// <exception cref="JsonException">It is not a stored record (no seq, or a field missing).</exception>
    internal static ChatMessage Parse(string room, ReadOnlySpan<byte> utf8Json)
    {
        var record = JsonSerializer.Deserialize(utf8Json, RedisJsonContext.Default.RedisMessageRecord)
            ?? throw new JsonException("A message record is null.");
        return new ChatMessage
        {
            Room = room,
            Seq = record.Seq ?? throw new JsonException("A stored message record has no seq."),
            Id = record.Id,
            Sender = record.Sender.ToMember(),
            Text = record.Text,
            SentAt = DateTimeOffset.FromUnixTimeMilliseconds(record.SentAt),
            ClientMessageId = record.ClientMessageId,
        };
    }
}
