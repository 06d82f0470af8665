using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>joined</c> event.</summary>
internal sealed record JoinedEvent(string Room, MemberView You, IReadOnlyList<MemberView> Members, IReadOnlyList<MessageEvent> Messages, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "joined";
}
