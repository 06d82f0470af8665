using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>message</c> event.</summary>
internal sealed record MessageEvent(string Room, long Seq, string Id, ChatMember Sender, string Text, DateTime SentAt, string? ClientMessageId)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "message";
}
