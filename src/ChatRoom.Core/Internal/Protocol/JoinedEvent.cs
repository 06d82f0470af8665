using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>joined</c> event.</summary>
/// <remarks>
/// <see cref="HasMore"/> says older messages exist (page back with <c>history</c>, or with <c>since</c>: newer ones, page
/// on with <c>history</c> and <c>after</c>); <see cref="From"/> and <see cref="To"/>, as in <see cref="HistoryEvent"/>,
/// state the seqs the reply accounts for; <see cref="MoreMembers"/>, present only when true, says the member list is
/// partial (page on with <c>members</c>).
/// </remarks>
internal sealed record JoinedEvent(string Room, ChatMember You, IReadOnlyList<ChatMember> Members, IReadOnlyList<MessageEvent> Messages, long? From, long? To, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "joined";

    public bool? MoreMembers { get; init; }
}
