using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>typing</c> event.</summary>
internal sealed record TypingEvent(string Room, ChatMember Member)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "typing";
}
