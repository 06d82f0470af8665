using System.Text.Json.Serialization;

namespace ChatRoom.Samples.Lambda.Page;

/// <summary>Source-generated JSON for the page function's events and answers: no reflection on the cold start.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HttpApiEvent))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(PageConfig))]
internal sealed partial class PageJsonContext : JsonSerializerContext
{
}
