using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>left</c> event.</summary>
internal sealed record LeftEvent(string Room)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "left";
}
