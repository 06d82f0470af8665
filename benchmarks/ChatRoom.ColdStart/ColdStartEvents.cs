using System.Text;
using System.Text.Json.Nodes;

namespace ChatRoom.ColdStart;

/// <summary>
/// What a fresh execution environment is first asked to do: a client's <c>$connect</c>, then its <c>join</c>, then its
/// first <c>sendmessage</c>, built from real captured API Gateway events with this run's connection id and frames.
/// </summary>
internal static class ColdStartEvents
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>The three event bodies, for connection <paramref name="connectionId"/> in room <paramref name="room"/>.</summary>
    public static IReadOnlyList<(string Name, byte[] Body)> For(string connectionId, string room) =>
    [
        ("$connect", Connect(connectionId)),
        ("join", Message(connectionId, $$"""{"action":"join","room":"{{room}}"}""")),
        ("sendmessage", Message(connectionId, $$"""{"action":"sendmessage","room":"{{room}}","text":"hello from a cold start","clientMessageId":"c-1"}""")),
    ];

    private static byte[] Connect(string connectionId)
    {
        var connect = Read("powertools-python__apiGatewayWebSocketApiConnect.json");
        Identify(connect, connectionId);
        connect["queryStringParameters"] = new JsonObject { ["name"] = "alice" };
        return Encoding.UTF8.GetBytes(connect.ToJsonString());
    }

    private static byte[] Message(string connectionId, string frame)
    {
        var message = Read("go__apigw-websocket-request-send-message.json");
        Identify(message, connectionId);
        message["body"] = frame;
        return Encoding.UTF8.GetBytes(message.ToJsonString());
    }

    private static void Identify(JsonNode proxyEvent, string connectionId)
    {
        var context = proxyEvent["requestContext"]!;
        context["connectionId"] = connectionId;
        context["requestId"] = Guid.NewGuid().ToString("N");
    }

    private static JsonNode Read(string name) => JsonNode.Parse(File.ReadAllBytes(Path.Combine(Directory, name)))!;
}
