using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>error</c> event.</summary>
internal sealed record ErrorEvent(string Code, string Message, string? Action, string? ClientMessageId)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "error";
}
