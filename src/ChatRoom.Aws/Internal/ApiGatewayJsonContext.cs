using System.Text.Json.Serialization;

namespace ChatRoom.Aws.Internal;

/// <summary>Source-generated JSON for the management API's responses: no reflection, trimming- and AOT-friendly.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ApiGatewayConnectionDocument))]
internal sealed partial class ApiGatewayJsonContext : JsonSerializerContext
{
}
