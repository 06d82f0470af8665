using System.Text;
using System.Text.Json;
using ChatRoom.Aws.Internal;

namespace ChatRoom.Aws.Tests.Lambda;

/// <summary>
/// <c>$connect</c> events with chosen upgrade headers, as API Gateway sends them, and the answer read back; shared
/// with the Lambda sample's tests.
/// </summary>
public static class ConnectEvents
{
    /// <summary>The execute-api host the events come from.</summary>
    public const string ApiHost = "abc123.execute-api.eu-west-1.amazonaws.com";

    /// <summary>The headers object of an upgrade request: <c>Host</c>, and <c>Origin</c> and <c>X-Forwarded-Proto</c> when given.</summary>
    public static string Headers(string? origin, string host, string? forwardedProto)
    {
        var headers = new Dictionary<string, string> { ["Host"] = host };
        if (origin is not null)
        {
            headers["Origin"] = origin;
        }

        if (forwardedProto is not null)
        {
            headers["X-Forwarded-Proto"] = forwardedProto;
        }

        return JsonSerializer.Serialize(headers);
    }

    /// <summary>The event JSON of a <c>$connect</c> with <paramref name="headers"/> from <see cref="Headers"/>.</summary>
    public static byte[] Connect(string connectionId, string headers) => Encoding.UTF8.GetBytes(
        "{\"headers\":" + headers + ",\"requestContext\":{\"routeKey\":\"$connect\",\"eventType\":\"CONNECT\",\"connectionId\":\"" + connectionId
        + "\",\"stage\":\"prod\",\"apiId\":\"abc123\",\"domainName\":\"" + ApiHost + "\",\"identity\":{\"sourceIp\":\"192.0.2.1\"}}}");

    /// <summary>Reads the handler's answer JSON.</summary>
    public static WebSocketProxyResponse ReadResponse(Stream output) =>
        JsonSerializer.Deserialize(output, WebSocketEventJsonContext.Default.WebSocketProxyResponse)!;
}
