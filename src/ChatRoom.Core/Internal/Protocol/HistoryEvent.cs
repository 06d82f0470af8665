using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>history</c> event.</summary>
/// <remarks>
/// <see cref="From"/> and <see cref="To"/>, present only together and only when the reply accounts for a range, say
/// that every seq between them (both included) is in <see cref="Messages"/> or will never be delivered.
/// </remarks>
internal sealed record HistoryEvent(string Room, IReadOnlyList<MessageEvent> Messages, long? From, long? To, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "history";
}
