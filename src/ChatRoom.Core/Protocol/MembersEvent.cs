using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>members</c> event.</summary>
internal sealed record MembersEvent(string Room, IReadOnlyList<MemberView> Members)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "members";
}
