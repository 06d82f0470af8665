using System.Text.Json.Serialization;

namespace ChatRoom.Client.Internal;

/// <summary>Any event the server sends (protocol v1 and the issue-14 additions); fields a type does not use stay null.</summary>
/// <remarks>One flat shape keeps parsing a single source-generated call; unknown properties are ignored.</remarks>
internal sealed class ServerFrame
{
    public string? Type { get; set; }

    public string? Room { get; set; }

    public long? Seq { get; set; }

    public string? Id { get; set; }

    public ServerMember? Sender { get; set; }

    public string? Text { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? ClientMessageId { get; set; }

    [JsonPropertyName("system")]
    public bool? IsSystem { get; set; }

    public ServerMember? You { get; set; }

    public List<ServerMember>? Members { get; set; }

    public List<ServerFrame>? Messages { get; set; }

    public long? From { get; set; }

    public long? To { get; set; }

    public bool? HasMore { get; set; }

    public bool? MoreMembers { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }

    public string? Action { get; set; }

    public string? Event { get; set; }

    public ServerMember? Member { get; set; }
}
