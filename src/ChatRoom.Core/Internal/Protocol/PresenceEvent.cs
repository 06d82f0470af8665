using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>presence</c> event.</summary>
internal sealed record PresenceEvent(string Room, string Event, ChatMember Member)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "presence";
}
