using System.Text;
using System.Text.Json;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatRoom.Aws.Tests.Lambda;

/// <summary>The handler as a function calls it, JSON stream in and out: real captures and edge cases.</summary>
public sealed class ApiGatewayWebSocketHandlerTests : IAsyncLifetime
{
    private readonly RecordingMessenger _messenger = new();
    private ServiceProvider _services = null!;
    private ApiGatewayWebSocketHandler _handler = null!;

    public Task InitializeAsync()
    {
        _services = LambdaEntryServices.Build(_messenger);
        _handler = _services.GetRequiredService<ApiGatewayWebSocketHandler>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    /// <summary>Every real capture kept in Fixtures/, with the status the function must answer.</summary>
    public static TheoryData<string, int> RealCaptures()
    {
        var expected = new Dictionary<string, int>
        {
            ["dotnet__values-post-withbody-websocketapi-request.json"] = 200,
            ["dotnet__websocket-api-connect-request.json"] = 200,
            ["go__apigw-websocket-request-disconnect.json"] = 200,
            ["go__apigw-websocket-request-send-message.json"] = 200,
            ["powertools-python__apiGatewayAuthorizerWebSocketEvent.json"] = 400,
            ["powertools-python__apiGatewayWebSocketApiConnect.json"] = 200,
            ["powertools-python__apiGatewayWebSocketApiDisconnect.json"] = 200,
            ["powertools-python__apiGatewayWebSocketApiMessage.json"] = 200,
            ["rust__example-apigw-v2-custom-authorizer-websocket-request.json"] = 400,
            ["rust__example-apigw-websocket-request-disconnect-route.json"] = 200,
            ["rust__example-apigw-websocket-request-without-method.json"] = 200,
            ["simplechat-pr43__MessageSentEvent.json"] = 200,
            ["simplechat-pr43__OnConnectEvent.json"] = 403, // Origin: file:// is not the API's origin (ChatRoom:AllowedOrigins)
            ["simplechat-pr43__OnDisconnectEvent.json"] = 200,
        };

        // Every file in Fixtures/ must be listed: a new capture cannot slip in untested.
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), Fixtures.Names);
        var data = new TheoryData<string, int>();
        foreach (var (name, status) in expected)
        {
            data.Add(name, status);
        }

        return data;
    }

    /// <summary>Every real capture with its event type, connection id and source IP, copied from the file.</summary>
    public static TheoryData<string, string, string, string> RealCaptureContexts()
    {
        var data = new TheoryData<string, string, string, string>
        {
            { "dotnet__values-post-withbody-websocketapi-request.json", "MESSAGE", "amJTNfeGLAMCLCQ=", "127.0.0.1" },
            { "dotnet__websocket-api-connect-request.json", "CONNECT", "QyUg1czHCYcCHXw=", "52.95.4.0" },
            { "go__apigw-websocket-request-disconnect.json", "DISCONNECT", "R1kmxc2VNjMCFIA=", "49.105.91.154" },
            { "go__apigw-websocket-request-send-message.json", "MESSAGE", "R1kmxc2VNjMCFIA=", "49.105.91.154" },
            { "powertools-python__apiGatewayAuthorizerWebSocketEvent.json", "CONNECT", "FDmBIeapIAMCIQg=", "93.108.161.96" },
            { "powertools-python__apiGatewayWebSocketApiConnect.json", "CONNECT", "BFHPhfCWIAMCKlQ=", "166.90.225.1" },
            { "powertools-python__apiGatewayWebSocketApiDisconnect.json", "DISCONNECT", "BFaT_fALIAMCKug=", "166.90.225.1" },
            { "powertools-python__apiGatewayWebSocketApiMessage.json", "MESSAGE", "BFaT_fALIAMCKug=", "166.90.225.1" },
            { "rust__example-apigw-v2-custom-authorizer-websocket-request.json", "CONNECT", "connection-id", "1.2.3.4" },
            { "rust__example-apigw-websocket-request-disconnect-route.json", "DISCONNECT", "AAAA1234=", "192.0.2.1" },
            { "rust__example-apigw-websocket-request-without-method.json", "CONNECT", "asdfasdf=", "10.0.0.13" },
            { "simplechat-pr43__MessageSentEvent.json", "MESSAGE", "LJQtNfaILPECFyw=", "77.20.249.92" },
            { "simplechat-pr43__OnConnectEvent.json", "CONNECT", "LLOXxdOBrPEAbBw=", "77.20.249.92" },
            { "simplechat-pr43__OnDisconnectEvent.json", "DISCONNECT", "LLOXxdOBrPEAbBw=", "77.20.249.92" },
        };

        Assert.Equal(data.Select(row => (string)row[0]).Order(StringComparer.Ordinal), Fixtures.Names);
        return data;
    }

    [Theory]
    [MemberData(nameof(RealCaptures))]
    public async Task HandleAsync_RealCapture_AnswersItsExpectedStatus(string fixture, int expectedStatus)
    {
        var response = await InvokeAsync(Fixtures.Read(fixture));

        Assert.Equal(expectedStatus, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(RealCaptures))]
    public void Deserialize_RealCapture_ReadsTheRequestContext(string fixture, int expectedStatus)
    {
        var json = Fixtures.Read(fixture);

        var proxyEvent = JsonSerializer.Deserialize(json.AsSpan(json.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0), WebSocketEventJsonContext.Default.WebSocketProxyEvent)!;

        var context = proxyEvent.RequestContext!;
        Assert.False(string.IsNullOrEmpty(context.RouteKey));
        Assert.False(string.IsNullOrEmpty(context.Stage));
        Assert.False(string.IsNullOrEmpty(context.ApiId));
        Assert.Equal(expectedStatus == 400, proxyEvent.Type == "REQUEST");
        Assert.Equal(context.EventType == "MESSAGE", proxyEvent.Body is not null);
    }

    [Theory]
    [MemberData(nameof(RealCaptureContexts))]
    public void Deserialize_RealCapture_ReadsItsEventTypeConnectionIdAndSourceIp(string fixture, string eventType, string connectionId, string sourceIp)
    {
        var json = Fixtures.Read(fixture);

        var context = JsonSerializer.Deserialize(json.AsSpan(json.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0), WebSocketEventJsonContext.Default.WebSocketProxyEvent)!.RequestContext!;

        Assert.Equal((eventType, connectionId, sourceIp), (context.EventType, context.ConnectionId, context.Identity?.SourceIp));
    }

    [Fact]
    public async Task HandleAsync_ConnectCapture_RegistersTheConnection()
    {
        var response = await InvokeAsync(Fixtures.Read("powertools-python__apiGatewayWebSocketApiConnect.json"));

        Assert.Equal(200, response.StatusCode);
        Assert.NotNull(await _services.GetRequiredService<IConnectionStore>().GetConnectionAsync("BFHPhfCWIAMCKlQ="));
    }

    [Fact]
    public async Task HandleAsync_ConnectCaptureFromAFilePage_IsRefusedAndRegistersNothing()
    {
        // A page opened from disk sends Origin: file://, which names no site: never the API's own origin, never listable.
        var response = await InvokeAsync(Fixtures.Read("simplechat-pr43__OnConnectEvent.json"));

        Assert.Equal(403, response.StatusCode);
        Assert.Null(await _services.GetRequiredService<IConnectionStore>().GetConnectionAsync("LLOXxdOBrPEAbBw="));
    }

    [Fact]
    public async Task HandleAsync_ConnectCaptureWithBom_RegistersTheConnection()
    {
        var json = Fixtures.Read("dotnet__websocket-api-connect-request.json");
        Assert.True(json.AsSpan().StartsWith("\uFEFF"u8));

        var response = await InvokeAsync(json);

        Assert.Equal(200, response.StatusCode);
        Assert.NotNull(await _services.GetRequiredService<IConnectionStore>().GetConnectionAsync("QyUg1czHCYcCHXw=")); // the capture's connectionId
    }

    [Fact]
    public void ToMetadata_ConnectCapture_CarriesQueryHeadersAndSourceIp()
    {
        var proxyEvent = JsonSerializer.Deserialize(Fixtures.Read("simplechat-pr43__OnConnectEvent.json"), WebSocketEventJsonContext.Default.WebSocketProxyEvent)!;

        var metadata = ApiGatewayWebSocketHandler.ToMetadata(proxyEvent);

        Assert.Equal("42c6938d-36c8-43f1-9557-3c61fc43b17e", metadata.QueryParameters["j"]);
        Assert.True(metadata.Headers.ContainsKey("cookie"));
        Assert.Equal("77.20.249.92", metadata.RemoteAddress); // the capture's requestContext.identity.sourceIp
    }

    [Fact]
    public async Task HandleAsync_DisconnectCapture_RemovesTheConnection()
    {
        await InvokeAsync(Event("CONNECT", "$connect", "R1kmxc2VNjMCFIA="));
        var store = _services.GetRequiredService<IConnectionStore>();
        Assert.NotNull(await store.GetConnectionAsync("R1kmxc2VNjMCFIA="));

        var response = await InvokeAsync(Event("DISCONNECT", "$disconnect", "R1kmxc2VNjMCFIA=", extraContext: "\"disconnectStatusCode\":1001,\"disconnectReason\":\"\""));

        Assert.Equal(200, response.StatusCode);
        Assert.Null(await store.GetConnectionAsync("R1kmxc2VNjMCFIA="));
    }

    [Fact]
    public async Task HandleAsync_Base64Body_IsDecodedBeforeTheEngine()
    {
        await InvokeAsync(Event("CONNECT", "$connect", "b64/conn+id="));
        var body = Convert.ToBase64String("""{"action":"ping"}"""u8);

        var response = await InvokeAsync(Event("MESSAGE", "$default", "b64/conn+id=", $"\"body\":\"{body}\",\"isBase64Encoded\":true"));

        Assert.Equal(200, response.StatusCode);
        Assert.Contains(_messenger.SentTo("b64/conn+id="), f => f.GetProperty("type").GetString() == "pong");
    }

    [Fact]
    public async Task HandleAsync_BadMessage_Answers200AndTheSenderGetsAnErrorFrame()
    {
        await InvokeAsync(Event("CONNECT", "$connect", "bad-sender="));

        var response = await InvokeAsync(Event("MESSAGE", "$default", "bad-sender=", "\"body\":\"this is not json\""));

        Assert.Equal(200, response.StatusCode);
        var error = Assert.Single(_messenger.SentTo("bad-sender="));
        Assert.Equal("error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task HandleAsync_MissingOptionalFields_InfersTheEventFromTheRoute()
    {
        var connect = await InvokeAsync("""{"requestContext":{"routeKey":"$connect","connectionId":"minimal="}}"""u8.ToArray());
        var message = await InvokeAsync("""{"requestContext":{"routeKey":"$default","connectionId":"minimal="},"body":"{\"action\":\"ping\"}","headers":null,"isBase64Encoded":null}"""u8.ToArray());
        var disconnect = await InvokeAsync("""{"requestContext":{"routeKey":"$disconnect","connectionId":"minimal=","identity":null}}"""u8.ToArray());

        Assert.Equal([200, 200, 200], new[] { connect.StatusCode, message.StatusCode, disconnect.StatusCode });
        Assert.Contains(_messenger.SentTo("minimal="), f => f.GetProperty("type").GetString() == "pong");
    }

    [Theory]
    [InlineData("""{"requestContext":{"routeKey":"$authorize","eventType":"MESSAGE","connectionId":"x="}}""", "$authorize")]
    [InlineData("""{"requestContext":{"routeKey":"$default","eventType":"UPGRADE","connectionId":"x="}}""", "UPGRADE")]
    [InlineData("""{"requestContext":{"routeKey":"$other","connectionId":"x="}}""", "$other")]
    public async Task HandleAsync_UnknownRoute_Answers400NamingIt(string json, string named)
    {
        var response = await InvokeAsync(Encoding.UTF8.GetBytes(json));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(named, response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("""{"requestContext":{"requestContext":7}}""")]
    [InlineData("""{"requestContext":{"eventType":"CONNECT"}}""")]
    [InlineData("""{"requestContext":{"eventType":"MESSAGE","connectionId":"x="},"body":"%%%","isBase64Encoded":true}""")]
    public async Task HandleAsync_MalformedEvent_Answers400(string json)
    {
        var response = await InvokeAsync(Encoding.UTF8.GetBytes(json));

        Assert.Equal(400, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(response.Body));
    }

    [Theory]
    [InlineData(AuthorizationStatus.Unauthenticated, 401)]
    [InlineData(AuthorizationStatus.Forbidden, 403)]
    public async Task HandleAsync_ConnectRefusedByTheAuthorizer_AnswersItsStatus(AuthorizationStatus status, int expected)
    {
        await using var services = LambdaEntryServices.Build(_messenger, configure: s => s.Replace(ServiceDescriptor.Singleton<IChatAuthorizer>(new RefusingAuthorizer(status))));

        await using var output = await services.GetRequiredService<ApiGatewayWebSocketHandler>().HandleAsync(new MemoryStream(Event("CONNECT", "$connect", "refused=")));
        var response = JsonSerializer.Deserialize(output, WebSocketEventJsonContext.Default.WebSocketProxyResponse)!;

        Assert.Equal(expected, response.StatusCode);
        Assert.Null(await services.GetRequiredService<IConnectionStore>().GetConnectionAsync("refused="));
    }

    [Fact]
    public async Task HandleAsync_TypedConnectEvent_RegistersTheConnectionWithItsQueryAndSourceIp()
    {
        var proxyEvent = new WebSocketProxyEvent
        {
            RequestContext = new WebSocketRequestContext
            {
                RouteKey = "$connect",
                EventType = WebSocketRequestContext.Connect,
                ConnectionId = "typed=",
                Identity = new WebSocketIdentity { SourceIp = "198.51.100.7" },
            },
            QueryStringParameters = new Dictionary<string, string?> { ["name"] = "Typed" },
        };

        var response = await _handler.HandleAsync(proxyEvent);

        Assert.Equal(200, response.StatusCode);
        var connection = await _services.GetRequiredService<IConnectionStore>().GetConnectionAsync("typed=");
        Assert.NotNull(connection);
        Assert.Equal("Typed", connection.Member.Name);
    }

    [Theory]
    [InlineData(true, "https://abc123.execute-api.eu-west-1.amazonaws.com/prod")] // the event's apiId and stage
    [InlineData(false, "https://fixed.example/stage")]
    public async Task HandleAsync_EndpointFromRequestContext_SetsTheMessengerEndpointFromTheEventOnlyWhenAsked(bool fromContext, string expected)
    {
        await using var services = LambdaEntryServices.Build(_messenger, configure: s =>
        {
            s.AddChatRoom().AddApiGatewayMessenger(o =>
            {
                o.Region = "eu-west-1";
                o.EndpointFromRequestContext = fromContext;
                o.Endpoint = fromContext ? null : "https://fixed.example/stage";
            });
            s.Replace(ServiceDescriptor.Singleton<IConnectionMessenger>(_messenger));
        });

        var response = await services.GetRequiredService<ApiGatewayWebSocketHandler>().HandleAsync(new MemoryStream(Event("CONNECT", "$connect", "endpoint=")));

        Assert.Equal(200, JsonSerializer.Deserialize(response, WebSocketEventJsonContext.Default.WebSocketProxyResponse)!.StatusCode);
        Assert.Equal(expected, services.GetRequiredService<ApiGatewayEndpoint>().Current?.AbsoluteUri);
    }

    [Fact]
    public async Task HandleAsync_NullEvent_Answers400()
    {
        var response = await _handler.HandleAsync((WebSocketProxyEvent?)null);

        Assert.Equal(400, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(response.Body));
    }

    [Fact]
    public async Task HandleAsync_ResponseJson_IsJustTheStatusCode()
    {
        await using var output = await _handler.HandleAsync(new MemoryStream(Event("CONNECT", "$connect", "plain=")));

        Assert.Equal("""{"statusCode":200}""", await new StreamReader(output).ReadToEndAsync());
    }

    private async Task<WebSocketProxyResponse> InvokeAsync(byte[] json)
    {
        await using var output = await _handler.HandleAsync(new MemoryStream(json));
        return JsonSerializer.Deserialize(output, WebSocketEventJsonContext.Default.WebSocketProxyResponse)!;
    }

    /// <summary>A proxy event like API Gateway's, with a UTF-8 BOM in front as the .NET captures have.</summary>
    private static byte[] Event(string eventType, string routeKey, string connectionId, string? topLevel = null, string? extraContext = null)
    {
        var json = $$"""
            {{{(topLevel is null ? string.Empty : topLevel + ",")}}
             "requestContext":{"routeKey":"{{routeKey}}","eventType":"{{eventType}}","connectionId":"{{connectionId}}",
              "stage":"prod","apiId":"abc123","domainName":"abc123.execute-api.eu-west-1.amazonaws.com","requestTimeEpoch":1705751700453,
              "identity":{"sourceIp":"192.0.2.1"},"unknownField":{"nested":[1,2,3]}{{(extraContext is null ? string.Empty : "," + extraContext)}}
            {{"}}"}}
            """;
        return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)];
    }

    private sealed class RefusingAuthorizer(AuthorizationStatus status) : IChatAuthorizer
    {
        public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new AuthorizationDecision { Status = status, Reason = "no" });

        public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizationDecision.Allow);
    }
}
