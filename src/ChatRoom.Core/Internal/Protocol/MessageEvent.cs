using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>The outbound <c>message</c> event.</summary>
internal sealed record MessageEvent(string Room, long Seq, string Id, ChatMember Sender, string Text, DateTime SentAt, string? ClientMessageId)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "message";

    /// <summary>Gets <see langword="true"/> for a message the application sent as the system (absent otherwise), so old clients show it as from its sender's name.</summary>
    public bool? System { get; init; }
}
