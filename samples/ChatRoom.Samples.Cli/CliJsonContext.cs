using System.Text.Json.Serialization;

namespace ChatRoom.Samples.Cli;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonEventLine))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
