using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>joined</c> event.</summary>
/// <remarks>
/// <see cref="HasMore"/> says older messages exist (page back with <c>history</c>, or with <c>since</c>: newer ones, join
/// again); <see cref="MoreMembers"/>, present only when true, says the member list is partial (page on with <c>members</c>).
/// </remarks>
internal sealed record JoinedEvent(string Room, MemberView You, IReadOnlyList<MemberView> Members, IReadOnlyList<MessageEvent> Messages, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "joined";

    public bool? MoreMembers { get; init; }
}
