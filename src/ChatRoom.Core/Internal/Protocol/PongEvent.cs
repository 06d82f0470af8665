using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>pong</c> event.</summary>
internal sealed record PongEvent
{
    public static PongEvent Instance { get; } = new();

    [JsonPropertyOrder(-1)]
    public string Type { get; } = "pong";
}
