using System.Text.Json.Serialization;

namespace ChatRoom.Samples.Cli;

/// <summary>One line of <c>--json</c> output: an event in the protocol's shape (<c>type</c> first; absent fields left out).</summary>
public sealed class JsonEventLine
{
    public required string Type { get; init; }

    public string? Room { get; init; }

    public long? Seq { get; init; }

    public string? Id { get; init; }

    public JsonMember? Sender { get; init; }

    public string? Text { get; init; }

    public DateTime? SentAt { get; init; }

    public string? ClientMessageId { get; init; }

    public string? Event { get; init; }

    public JsonMember? Member { get; init; }

    /// <summary>For <c>connection</c> lines (not a protocol event): <c>connecting</c>, <c>connected</c>, <c>reconnecting</c>, <c>disconnected</c>.</summary>
    public string? State { get; init; }

    public string? Error { get; init; }
}
