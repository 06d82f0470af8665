using System.Text.Json;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>API Gateway's route selection with <c>$request.body.action</c>: the action names a configured route, or the message goes to <c>$default</c>.</summary>
internal static class RouteSelector
{
    public const string Default = "$default";

    public static string Select(ReadOnlySpan<byte> body, ICollection<string> routes)
    {
        if (routes.Count == 0)
        {
            return Default;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("action", out var action)
                && action.ValueKind == JsonValueKind.String
                && action.GetString() is { } key
                && routes.Contains(key))
            {
                return key;
            }
        }
        catch (JsonException)
        {
            // Not JSON: $default, as on API Gateway.
        }

        return Default;
    }
}
