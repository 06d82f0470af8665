using System.Text.Json.Serialization;

namespace ChatRoom.Internal;

/// <summary>Source-generated JSON for protocol v1: camelCase, nulls omitted, no reflection (trimming- and AOT-safe).</summary>
/// <remarks>Outbound frames are written through <see cref="FrameSerializer"/>, which adds <see cref="MinimalJsonEncoder"/>.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(ChatMemberJsonConverter)])]
[JsonSerializable(typeof(MessageEvent))]
[JsonSerializable(typeof(ChatMember))]
[JsonSerializable(typeof(JoinedEvent))]
[JsonSerializable(typeof(PresenceEvent))]
[JsonSerializable(typeof(LeftEvent))]
[JsonSerializable(typeof(HistoryEvent))]
[JsonSerializable(typeof(MembersEvent))]
[JsonSerializable(typeof(TypingEvent))]
[JsonSerializable(typeof(PongEvent))]
[JsonSerializable(typeof(ErrorEvent))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
