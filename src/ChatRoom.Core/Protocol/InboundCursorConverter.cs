using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>Reads <c>after</c> as a string or an integer, strictly: <c>1.5</c>, <c>"5"</c> for a seq, <c>true</c> or an object fail the frame.</summary>
internal sealed class InboundCursorConverter : JsonConverter<InboundCursor>
{
    public override InboundCursor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => InboundCursor.FromConnectionId(reader.GetString()!),
        JsonTokenType.Number when reader.TryGetInt64(out var seq) => InboundCursor.FromSeq(seq),
        _ => throw new JsonException("\"after\" must be a string or an integer."),
    };

    public override void Write(Utf8JsonWriter writer, InboundCursor value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Inbound frames are only read.");
}
