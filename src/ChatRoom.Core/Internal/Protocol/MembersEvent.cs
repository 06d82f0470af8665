using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>members</c> event; <see cref="HasMore"/> when members after the last one listed exist.</summary>
internal sealed record MembersEvent(string Room, IReadOnlyList<ChatMember> Members, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "members";
}
