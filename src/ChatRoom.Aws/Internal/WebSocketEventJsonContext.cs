using System.Text.Json.Serialization;

namespace ChatRoom.Aws.Internal;

/// <summary>Source-generated JSON for the proxy events and responses: no reflection, friendly to cold starts and trimming.</summary>
/// <remarks>Property names are camelCase, matched case-insensitively; numbers may arrive as strings; nulls are skipped on write.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(WebSocketProxyEvent))]
[JsonSerializable(typeof(WebSocketProxyResponse))]
internal sealed partial class WebSocketEventJsonContext : JsonSerializerContext
{
}
