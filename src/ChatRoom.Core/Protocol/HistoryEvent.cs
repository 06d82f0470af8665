using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>history</c> event.</summary>
internal sealed record HistoryEvent(string Room, IReadOnlyList<MessageEvent> Messages, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "history";
}
