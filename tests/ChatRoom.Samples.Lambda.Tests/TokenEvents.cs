using System.Text;
using System.Text.Json;
using ChatRoom.Aws;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>HMAC-signed tokens, the API Gateway events that carry them, and the function's answers: the token tests' tools.</summary>
public static class TokenEvents
{
    /// <summary>A token valid for an hour, signed with <paramref name="key"/>; <c>rooms</c> only when there are any.</summary>
    public static string Token(string key, string sub, string name, string[] rooms)
    {
        var claims = new Dictionary<string, object> { ["sub"] = sub, ["name"] = name };
        if (rooms.Length > 0)
        {
            claims["rooms"] = rooms;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A <c>$connect</c> event with the given query and headers objects (JSON), either may be absent.</summary>
    public static byte[] Connect(string connectionId, string? query, string? headers = null) => Encoding.UTF8.GetBytes(
        "{" + (query is null ? "" : $"\"queryStringParameters\":{query},") + (headers is null ? "" : $"\"headers\":{headers},")
        + "\"requestContext\":{\"routeKey\":\"$connect\",\"eventType\":\"CONNECT\",\"connectionId\":\"" + connectionId
        + "\",\"stage\":\"prod\",\"apiId\":\"abc123\",\"identity\":{\"sourceIp\":\"192.0.2.1\"}}}");

    /// <summary>A <c>$default</c> message event with <paramref name="body"/> as its text body.</summary>
    public static byte[] Message(string connectionId, string body) => Encoding.UTF8.GetBytes(
        "{\"body\":" + JsonSerializer.Serialize(body) + ",\"isBase64Encoded\":false,"
        + "\"requestContext\":{\"routeKey\":\"$default\",\"eventType\":\"MESSAGE\",\"connectionId\":\"" + connectionId
        + "\",\"stage\":\"prod\",\"apiId\":\"abc123\",\"identity\":{\"sourceIp\":\"192.0.2.1\"}}}");

    /// <summary>Invokes the function with one event and reads its answer.</summary>
    public static async Task<WebSocketProxyResponse> InvokeAsync(Function function, byte[] json)
    {
        await using var output = await function.HandleAsync(new MemoryStream(json));
        return ConnectEvents.ReadResponse(output);
    }
}
