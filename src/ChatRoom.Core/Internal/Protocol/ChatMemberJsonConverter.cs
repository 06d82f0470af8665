using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>Writes a <see cref="ChatMember"/> as events show it: <c>connectionId</c>, <c>name</c>, and <c>verified</c> only when true.</summary>
/// <remarks>
/// The user id stays on the server. <c>verified</c> is absent for anonymous members, whose client picked its own name
/// (which may equal a signed-in user's), so a client cannot mistake one for the other.
/// </remarks>
internal sealed class ChatMemberJsonConverter : JsonConverter<ChatMember>
{
    private static readonly JsonEncodedText s_connectionId = JsonEncodedText.Encode("connectionId");
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_verified = JsonEncodedText.Encode("verified");

    public override ChatMember Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Members are only written to the wire, never read from it.");

    public override void Write(Utf8JsonWriter writer, ChatMember value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(s_connectionId, value.ConnectionId);
        writer.WriteString(s_name, value.Name);
        if (value.IsAuthenticated)
        {
            writer.WriteBoolean(s_verified, true);
        }

        writer.WriteEndObject();
    }
}
