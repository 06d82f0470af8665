using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>The Lambda sample end to end: WebSocket clients → local gateway → handler → DynamoDB (dynalite) → signed @connections → clients.</summary>
[Trait("Category", "Integration")]
public sealed class LocalGatewayTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task SendMessage_ThreeClientsInARoom_EveryoneGetsBothWithConsecutiveSeqs()
    {
        await using var gateway = await StartAsync(NewTable());
        var room = Unique.Room("lambda");
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var bob = await ChatSocket.ConnectAsync(gateway, "bob");
        await using var carol = await ChatSocket.ConnectAsync(gateway, "carol");
        foreach (var client in new[] { alice, bob, carol })
        {
            await client.SendAsync(new { action = "join", room });
            await client.ReceiveAsync("joined");
        }

        await alice.SendAsync(new { action = "sendmessage", room, text = "one" });
        await bob.SendAsync(new { action = "sendmessage", room, text = "two" });

        foreach (var client in new[] { alice, bob, carol })
        {
            // Two senders' invocations run in two environments at once, so they may arrive in either order.
            JsonElement[] both = [await client.ReceiveAsync("message"), await client.ReceiveAsync("message")];
            var (first, second) = (both.MinBy(m => m.Seq()), both.MaxBy(m => m.Seq()));
            Assert.Equal(first.Seq() + 1, second.Seq());
            Assert.Equal(["alice", "bob"], new[] { first.SenderName(), second.SenderName() }.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Join_ConnectionId_LooksLikeApiGatewaysAndSurvivesPercentEncoding()
    {
        await using var gateway = await StartAsync(NewTable());
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");

        await alice.SendAsync(new { action = "join", room = "general" });
        var joined = await alice.ReceiveAsync("joined");

        // 11 random bytes in base64 end with '=', so every @connections call had to percent-encode it (and got through).
        Assert.Matches("^[A-Za-z0-9+/]{15}=$", joined.GetProperty("you").StringOf("connectionId"));
    }

    [Fact]
    public async Task History_AfterTheGatewayRestarts_IsStillThere()
    {
        var table = NewTable();
        var room = Unique.Room("restart");
        await using (var first = await StartAsync(table))
        {
            await using var alice = await ChatSocket.ConnectAsync(first, "alice");
            await alice.SendAsync(new { action = "join", room });
            await alice.ReceiveAsync("joined");
            await alice.SendAsync(new { action = "sendmessage", room, text = "before the restart" });
            await alice.ReceiveAsync("message");
        }

        await using var second = await StartAsync(table);
        await using var bob = await ChatSocket.ConnectAsync(second, "bob");
        await bob.SendAsync(new { action = "join", room });
        var joined = await bob.ReceiveAsync("joined");

        var message = Assert.Single(joined.Array("messages"));
        Assert.Equal("before the restart", message.Text());
        Assert.Equal("alice", message.SenderName());
    }

    [Fact]
    public async Task Close_ClientClosesCleanly_OthersGetPresenceLeft()
    {
        await using var gateway = await StartAsync(NewTable());
        var room = Unique.Room("bye");
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var bob = await ChatSocket.ConnectAsync(gateway, "bob");
        await alice.SendAsync(new { action = "join", room });
        await alice.ReceiveAsync("joined");
        await bob.SendAsync(new { action = "join", room });
        await bob.ReceiveAsync("joined");

        await bob.CloseAsync();

        var left = await alice.ReceiveAsync("presence", p => p.StringOf("room") == room && p.StringOf("event") == "left");
        Assert.Equal("bob", left.MemberName());
    }

    [Fact]
    public async Task Broadcast_ClientVanishedAndDisconnectWasLost_IsPrunedThrough410()
    {
        // $disconnect is best effort on API Gateway; with it lost, only a 410 from @connections can reveal the dead client.
        await using var gateway = await StartAsync(NewTable(), "--LocalGateway:SimulateLostDisconnects=true");
        var room = Unique.Room("gone");
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var mallory = await ChatSocket.ConnectAsync(gateway, "mallory");
        await alice.SendAsync(new { action = "join", room });
        await alice.ReceiveAsync("joined");
        await mallory.SendAsync(new { action = "join", room });
        var malloryId = (await mallory.ReceiveAsync("joined")).GetProperty("you").StringOf("connectionId")!;
        await alice.ReceiveAsync("presence", p => p.MemberName() == "mallory");

        mallory.Abort();
        await gateway.WaitUntilGoneAsync(malloryId);
        await alice.SendAsync(new { action = "members", room });
        var before = await alice.ReceiveAsync("members");
        Assert.Equal(2, before.Array("members").Length); // no $disconnect: mallory is still listed
        await alice.SendAsync(new { action = "sendmessage", room, text = "anyone there?" });

        var left = await alice.ReceiveAsync("presence", p => p.StringOf("event") == "left");
        Assert.Equal("mallory", left.MemberName());
        await alice.SendAsync(new { action = "members", room });
        var after = await alice.ReceiveAsync("members");
        Assert.Equal(["alice"], after.Array("members").Select(m => m.StringOf("name")));
    }

    [Fact]
    public async Task ConnectionsApi_UnsignedOrWrongService_Answers403AndSignedUnknownIdAnswers410()
    {
        await using var gateway = await StartAsync(NewTable());
        var target = new Uri(gateway.ConnectionsUri, Uri.EscapeDataString("AAAAAAAAAAAAAAA="));

        using var unsigned = await Http.PostAsync(target, new ByteArrayContent("{}"u8.ToArray()));
        using var wrongService = await Http.SendAsync((await ManagementRequests.SignedAsync(HttpMethod.Post, target)).WithScopedService("s3"));
        using var unknown = await Http.SendAsync(await ManagementRequests.SignedAsync(HttpMethod.Post, target));
        using var unknownGet = await Http.SendAsync(await ManagementRequests.SignedAsync(HttpMethod.Get, target));

        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongService.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, unknownGet.StatusCode);
    }

    [Fact]
    public async Task Connect_RefusedByTheEngine_RefusesTheUpgradeWithTheStatus()
    {
        await using var gateway = await StartAsync(NewTable(), configureFunction: services =>
            services.Add(ServiceDescriptor.Singleton<IChatAuthorizer>(new DenyAll())));
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(gateway.ChatUri("eve"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Connect_SigningKeySet_RefusesNoTokenWith401AndPassesAccessTokenToTheFunction()
    {
        const string Key = "gateway-tests-signing-key-0123456789abcdef";
        await using var gateway = await StartAsync(NewTable(), $"--ChatRoom:Jwt:SigningKey={Key}");
        using var anonymous = new ClientWebSocket();
        anonymous.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(gateway.ChatUri("eve"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.HttpStatusCode);

        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = "u-alice", ["name"] = "Alice" },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(Key)), "HS256"),
        });
        await using var alice = await ChatSocket.ConnectAsync(
            new Uri($"ws://{gateway.BaseAddress.Authority}/{GatewayHost.Stage}?access_token={Uri.EscapeDataString(token)}&name=Bob"), "alice");
        await alice.SendAsync(new { action = "join", room = "general" });
        var joined = await alice.ReceiveAsync("joined");
        Assert.Equal("Alice", joined.GetProperty("you").StringOf("name"));

        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        var config = await http.GetStringAsync("/config");
        Assert.Equal($$"""{"webSocketUrl":"ws://{{gateway.BaseAddress.Authority}}/{{GatewayHost.Stage}}","tokens":true,"tokenRequired":true,"keepAliveSeconds":300}""", config);
        Assert.DoesNotContain(Key, config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_GetHeadConditionalGetAndPost_AnsweredByThePageFunctionAsOnTheHttpApi()
    {
        await using var gateway = await StartAsync(NewTable());
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        using var page = await http.GetAsync("/?name=alice");
        var etag = page.Headers.ETag;
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/app.js"));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/");
        conditional.Headers.IfNoneMatch.Add(etag!);
        using var notModified = await http.SendAsync(conditional);
        using var post = await http.PostAsync("/", new StringContent("x"));
        using var missing = await http.GetAsync("/missing.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>ChatRoom</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(etag!.IsWeak);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Equal($"default-src 'self'; connect-src 'self' ws://{gateway.BaseAddress.Authority}; img-src 'self' data:; object-src 'none'; base-uri 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal((HttpStatusCode.OK, "text/javascript"), (head.StatusCode, head.Content.Headers.ContentType?.MediaType));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(false, WebSocketCloseStatus.MessageTooBig)]
    [InlineData(true, WebSocketCloseStatus.InvalidMessageType)]
    public async Task Receive_OversizedOrBinaryFrame_ClosesLikeApiGateway(bool binary, WebSocketCloseStatus expected)
    {
        await using var gateway = await StartAsync(NewTable());
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");

        await alice.SendRawAsync(binary ? [1, 2, 3] : new byte[33 * 1024].Select(_ => (byte)'a').ToArray(), binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text);
        var (status, _) = await alice.ReceiveCloseAsync();

        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("00:10:00", "03:00:00", 11)]
    [InlineData("03:00:00", "02:00:00", 121)]
    public async Task Watchdog_IdleOrTooOld_ClosesWith1001AndTellsTheRoom(string idleTimeout, string maxDuration, int minutesLater)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayHost.StartAsync(
            [
                $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
                $"--ChatRoom:DynamoDb:TableName={NewTable()}",
                $"--LocalGateway:IdleTimeout={idleTimeout}",
                $"--LocalGateway:MaxConnectionDuration={maxDuration}",
            ],
            configureServices: services => services.AddSingleton<TimeProvider>(time));
        await using var sleepy = await ChatSocket.ConnectAsync(gateway, "sleepy");
        var sleepyId = await ConnectionIdAsync(sleepy);

        time.Advance(TimeSpan.FromMinutes(minutesLater));
        var (status, _) = await sleepy.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        await gateway.WaitUntilGoneAsync(sleepyId, signedAt: time.GetUtcNow()); // the gateway's clock is hours ahead
    }

    [Fact]
    public async Task ConnectionsApi_GetThenDelete_DescribesThenClosesTheConnection()
    {
        await using var gateway = await StartAsync(NewTable());
        var room = Unique.Room("delete");
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var bob = await ChatSocket.ConnectAsync(gateway, "bob");
        await alice.SendAsync(new { action = "join", room });
        await alice.ReceiveAsync("joined");
        await bob.SendAsync(new { action = "join", room });
        var bobId = (await bob.ReceiveAsync("joined")).GetProperty("you").StringOf("connectionId")!;
        var target = new Uri(gateway.ConnectionsUri, Uri.EscapeDataString(bobId));

        using var get = await Http.SendAsync(await ManagementRequests.SignedAsync(HttpMethod.Get, target));
        using var delete = await Http.SendAsync(await ManagementRequests.SignedAsync(HttpMethod.Delete, target));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var description = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        Assert.Equal("127.0.0.1", description.RootElement.GetProperty("identity").StringOf("sourceIp"));
        Assert.True(description.RootElement.TryGetProperty("connectedAt", out _));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await bob.ReceiveCloseAsync()).Status);
        var left = await alice.ReceiveAsync("presence", p => p.StringOf("event") == "left");
        Assert.Equal("bob", left.MemberName());
    }

    [Fact]
    public async Task ConnectionsApi_PayloadOver128KB_Answers413AndSendsNothing()
    {
        await using var gateway = await StartAsync(NewTable());
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        var target = new Uri(gateway.ConnectionsUri, Uri.EscapeDataString(await ConnectionIdAsync(alice)));
        using var tooLarge = await ManagementRequests.SignedAsync(HttpMethod.Post, target, new string(' ', (128 * 1024) + 1));
        using var small = await ManagementRequests.SignedAsync(HttpMethod.Post, target, """{"type":"note"}""");

        using var rejected = await Http.SendAsync(tooLarge);
        using var accepted = await Http.SendAsync(small);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("note", (await alice.ReceiveAsync()).Type()); // the next frame: nothing of the large one arrived
    }

    [Fact]
    public async Task Stop_OpenConnection_ClosesWith1001()
    {
        await using var gateway = await StartAsync(NewTable());
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");

        var stopping = gateway.StopAsync();
        var (status, _) = await alice.ReceiveCloseAsync();
        await stopping;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
    }

    [Fact]
    public async Task Page_Root_IsTheChatPage()
    {
        await using var gateway = await StartAsync(NewTable());

        var html = await Http.GetStringAsync(gateway.BaseAddress);

        Assert.Contains("app.js", html, StringComparison.Ordinal);
    }

    private static async Task<string> ConnectionIdAsync(ChatSocket client)
    {
        await client.SendAsync(new { action = "join", room = "general" });
        return (await client.ReceiveAsync("joined")).GetProperty("you").StringOf("connectionId")!;
    }

    private static string NewTable() => "lambda-" + Guid.NewGuid().ToString("N")[..8];

    private Task<GatewayHost> StartAsync(string table, string? setting = null, Action<IServiceCollection>? configureFunction = null) =>
        GatewayHost.StartAsync(
            [
                $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
                $"--ChatRoom:DynamoDb:TableName={table}",
                .. setting is null ? Array.Empty<string>() : [setting],
            ],
            configureFunction);

    private sealed class DenyAll : IChatAuthorizer
    {
        public ValueTask<AuthorizationDecision> AuthorizeConnectAsync(ConnectionInfo connection, ConnectionMetadata metadata, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizationDecision.Forbid("nobody today"));

        public ValueTask<AuthorizationDecision> AuthorizeJoinAsync(ConnectionInfo connection, string room, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizationDecision.Allow);
    }
}
