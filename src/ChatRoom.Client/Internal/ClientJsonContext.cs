using System.Text.Json.Serialization;

namespace ChatRoom.Client.Internal;

/// <summary>Source-generated JSON for the protocol's frames (trimming- and AOT-friendly).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ServerFrame))]
[JsonSerializable(typeof(ClientFrame))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
