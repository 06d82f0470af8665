using System.Text;
using System.Text.Json;
using ChatRoom.Samples.LocalGateway;
using ChatRoom.Aws;
using ChatRoom.Aws.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>The local gateway's events have the shape of real captures, and its route selection follows <c>$request.body.action</c>.</summary>
public sealed class GatewayEventTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));
    private readonly ProxyEventWriter _writer = new("localgw", "local", Time);

    [Theory]
    [InlineData("CONNECT", "powertools-python__apiGatewayWebSocketApiConnect.json")]
    [InlineData("MESSAGE", "go__apigw-websocket-request-send-message.json")]
    [InlineData("DISCONNECT", "rust__example-apigw-websocket-request-disconnect-route.json")]
    public void Write_EachEventType_HasEveryRequestContextFieldOfARealCapture(string eventType, string capture)
    {
        using var connection = new GatewayConnection("R1kmxc2VNjMCFIA=", Time.GetUtcNow(), "127.0.0.1", "test-agent", "localhost:5090");
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?name=alice");
        context.Request.Headers.Host = "localhost:5090";
        var written = eventType switch
        {
            "CONNECT" => _writer.Connect(connection, context.Request),
            "MESSAGE" => _writer.Message(connection, "$default", """{"action":"ping"}"""),
            _ => _writer.Disconnect(connection, 1001, "Going away"),
        };

        using var ours = JsonDocument.Parse(written);
        using var real = JsonDocument.Parse(Fixtures.Read(capture));
        var ourContext = Names(ours.RootElement.GetProperty("requestContext"));
        Assert.Empty(Names(real.RootElement.GetProperty("requestContext")).Except(ourContext));
        Assert.Equal(eventType, ours.RootElement.GetProperty("requestContext").GetProperty("eventType").GetString());

        var parsed = JsonSerializer.Deserialize(written, WebSocketEventJsonContext.Default.WebSocketProxyEvent)!;
        Assert.Equal("R1kmxc2VNjMCFIA=", parsed.RequestContext!.ConnectionId);
        Assert.Equal("local", parsed.RequestContext.Stage);
        Assert.Equal("localgw", parsed.RequestContext.ApiId);
        Assert.Equal(Time.GetUtcNow().ToUnixTimeMilliseconds(), parsed.RequestContext.RequestTimeEpoch);
        Assert.Equal("127.0.0.1", parsed.RequestContext.Identity!.SourceIp);
        switch (eventType)
        {
            case "CONNECT":
                Assert.Equal("alice", parsed.QueryStringParameters!["name"]);
                Assert.Equal("localhost:5090", parsed.Headers!["Host"]);
                break;
            case "MESSAGE":
                Assert.Equal("""{"action":"ping"}""", parsed.Body);
                Assert.NotNull(parsed.RequestContext.MessageId);
                break;
            default:
                Assert.Equal(1001, parsed.RequestContext.DisconnectStatusCode);
                Assert.Equal("Going away", parsed.RequestContext.DisconnectReason);
                break;
        }
    }

    [Theory]
    [InlineData("""{"action":"sendmessage","text":"hi"}""", "sendmessage")]
    [InlineData("""{"action":"join","room":"a"}""", "$default")]
    [InlineData("""{"text":"no action"}""", "$default")]
    [InlineData("""{"action":7}""", "$default")]
    [InlineData("not json", "$default")]
    public void Select_ActionInTheBody_PicksTheRouteOrDefault(string body, string expected)
    {
        Assert.Equal(expected, RouteSelector.Select(Encoding.UTF8.GetBytes(body), ["sendmessage"]));
    }

    [Fact]
    public void NewId_ConnectionIds_AreBase64EndingWithPadding()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => ProxyEventWriter.NewId()).ToList();

        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9+/]{15}=$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static HashSet<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
