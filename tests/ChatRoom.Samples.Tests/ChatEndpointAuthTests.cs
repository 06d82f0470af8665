using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Samples.AspNetCore;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>Tokens and private rooms over real WebSockets against the sample with <c>ChatRoom:Jwt:SigningKey</c> set.</summary>
[Trait("Category", "Integration")]
public sealed class ChatEndpointAuthTests(TokenHostFixture fixture) : IClassFixture<TokenHostFixture>
{
    [Fact]
    public async Task Connect_NoToken_ClosedWith4401SayingATokenIsRequired()
    {
        await using var client = await ChatSocket.ConnectAsync(fixture.Host.ChatUri("mallory"), "mallory", waitUntilReady: false);

        var (status, description) = await client.ReceiveCloseAsync();

        Assert.Equal((WebSocketCloseStatus)4401, status);
        Assert.Contains("token is required", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-jwt", "well-formed")]
    [InlineData("forged", "signature")]
    [InlineData("wrong-issuer", "issuer")]
    [InlineData("expired", "expired")]
    public async Task Connect_BadToken_ClosedWith4401AndAClearReason(string kind, string expected)
    {
        var token = kind switch
        {
            "forged" => DevTokenCommand.Create(new JwtOptions { SigningKey = "someone-elses-signing-key-0123456789abcdef", Issuer = TokenHostFixture.Issuer }, "alice", "Alice", [], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)),
            "wrong-issuer" => DevTokenCommand.Create(new JwtOptions { SigningKey = TokenHostFixture.SigningKey, Issuer = "https://evil.test" }, "alice", "Alice", [], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)),
            "expired" => DevTokenCommand.Create(new JwtOptions { SigningKey = TokenHostFixture.SigningKey, Issuer = TokenHostFixture.Issuer }, "alice", "Alice", [], DateTimeOffset.UtcNow.AddHours(-3), TimeSpan.FromHours(1)),
            _ => kind,
        };
        await using var client = await ChatSocket.ConnectAsync(fixture.ChatUri(token), "mallory", waitUntilReady: false);

        var (status, description) = await client.ReceiveCloseAsync();

        Assert.Equal((WebSocketCloseStatus)4401, status);
        Assert.Contains(expected, description, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(token, description ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-expiry", "no expiry")]
    [InlineData("not-yet-valid", "not valid yet")]
    public async Task Connect_TokenBreakingALifetimeRule_ClosedWith4401AndAClearReason(string kind, string expected)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object> { ["sub"] = "alice", ["name"] = "Alice" };
        if (kind == "not-yet-valid")
        {
            payload["nbf"] = now.AddHours(1).ToUnixTimeSeconds();
            payload["exp"] = now.AddHours(2).ToUnixTimeSeconds();
        }

        var token = TokenHostFixture.SignedToken(payload);
        await using var client = await ChatSocket.ConnectAsync(fixture.ChatUri(token), "mallory", waitUntilReady: false);

        var (status, description) = await client.ReceiveCloseAsync();

        Assert.Equal((WebSocketCloseStatus)4401, status);
        Assert.Contains(expected, description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_OverlongBearerHeader_ClosedWith4401SayingTheTokenIsTooLong()
    {
        var token = new string('a', TokenAuthentication.MaxTokenLength + 1);

        await using var client = await ChatSocket.ConnectAsync(
            new Uri($"ws://{fixture.Host.BaseAddress.Authority}/ws"), "mallory", waitUntilReady: false, configure: o => o.SetRequestHeader("Authorization", "Bearer " + token));
        var (status, description) = await client.ReceiveCloseAsync();

        Assert.Equal((WebSocketCloseStatus)4401, status);
        Assert.Contains("longer than", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_TokenWithPreferredUsernameButNoName_NamedByPreferredUsername()
    {
        var token = TokenHostFixture.SignedToken(new Dictionary<string, object>
        {
            ["sub"] = Unique.Name("u"),
            ["preferred_username"] = "carol",
            ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        });
        await using var carol = await ChatSocket.ConnectAsync(fixture.ChatUri(token, name: "mallory"), "carol");

        await carol.SendAsync(new { action = "join", room = Unique.Room("named") });
        var joined = await carol.ReceiveAsync("joined");

        Assert.Equal("carol", joined.GetProperty("you").StringOf("name"));
    }

    [Fact]
    public async Task Connect_GoodTokenAndAnotherName_AcceptedUnderTheTokensName()
    {
        var room = Unique.Room("signed");
        var userId = Unique.Name("u");
        await using var alice = await ChatSocket.ConnectAsync(fixture.ChatUri(TokenHostFixture.Token(userId, "Alice")), "alice");
        await using var mallory = await ChatSocket.ConnectAsync(fixture.ChatUri(TokenHostFixture.Token(Unique.Name("u"), "Mallory"), name: "Alice"), "mallory");
        await alice.SendAsync(new { action = "join", room });
        await alice.ReceiveAsync("joined");

        await mallory.SendAsync(new { action = "join", room });
        var joined = await mallory.ReceiveAsync("joined");
        await mallory.SendAsync(new { action = "sendmessage", room, text = "it is me" });

        Assert.Equal("Mallory", joined.GetProperty("you").StringOf("name"));
        var message = await alice.ReceiveAsync("message");
        Assert.Equal("Mallory", message.SenderName());
    }

    [Fact]
    public async Task Connect_BearerHeader_Accepted()
    {
        var token = TokenHostFixture.Token(Unique.Name("u"), "Cli");

        await using var client = await ChatSocket.ConnectAsync(
            new Uri($"ws://{fixture.Host.BaseAddress.Authority}/ws"), "cli", configure: o => o.SetRequestHeader("Authorization", "Bearer " + token));

        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task ConfigEndpoint_TokensConfigured_SaysTokensAreRequired()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        var mode = await http.GetFromJsonAsync<JsonElement>("/config");

        Assert.True(mode.GetProperty("tokens").GetBoolean());
        Assert.True(mode.GetProperty("tokenRequired").GetBoolean());
        Assert.DoesNotContain(TokenHostFixture.SigningKey, mode.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateRoom_NonMemberTriesEverything_RefusedAndNeverSeesTheRoom()
    {
        var room = "private." + Unique.Room("x");
        await using var alice = await ChatSocket.ConnectAsync(fixture.ChatUri(TokenHostFixture.Token(Unique.Name("u"), "Alice", room)), "alice");
        await using var bob = await ChatSocket.ConnectAsync(fixture.ChatUri(TokenHostFixture.Token(Unique.Name("u"), "Bob", room)), "bob");
        await using var eve = await ChatSocket.ConnectAsync(fixture.ChatUri(TokenHostFixture.Token(Unique.Name("u"), "Eve", "private.other")), "eve");
        await alice.SendAsync(new { action = "join", room });
        await alice.ReceiveAsync("joined");
        await bob.SendAsync(new { action = "join", room });
        await bob.ReceiveAsync("joined");
        await alice.SendAsync(new { action = "sendmessage", room, text = "secret before" });
        await bob.ReceiveAsync("message");

        // Eve tries every action on the room while the members chat, type, leave and come back.
        await eve.SendAsync(new { action = "join", room });
        await alice.SendAsync(new { action = "typing", room });
        await eve.SendAsync(new { action = "join", room, since = 0 });
        await eve.SendAsync(new { action = "history", room });
        await bob.SendAsync(new { action = "sendmessage", room, text = "secret during" });
        await eve.SendAsync(new { action = "members", room });
        await eve.SendAsync(new { action = "typing", room });
        await bob.SendAsync(new { action = "leave", room });
        await eve.SendAsync(new { action = "sendmessage", room, text = "let me in" });
        await bob.SendAsync(new { action = "join", room });
        await eve.SendAsync(new { action = "leave", room });
        await alice.SendAsync(new { action = "sendmessage", room, text = "secret after" });

        // Each connection's frames are handled in order: a pong means everything it sent before is done, broadcasts included.
        await alice.SendAsync(new { action = "ping" });
        await alice.ReceiveAsync("pong");
        await bob.SendAsync(new { action = "ping" });
        await bob.ReceiveAsync("pong");
        await eve.SendAsync(new { action = "ping" });
        var frames = new List<JsonElement>();
        for (var frame = await eve.ReceiveAsync(); frame.Type() != "pong"; frame = await eve.ReceiveAsync())
        {
            frames.Add(frame);
        }

        var aboutRoom = frames.Where(f => f.GetRawText().Contains(room, StringComparison.Ordinal)).ToList();
        Assert.All(aboutRoom, f => Assert.Equal("error", f.Type()));
        Assert.Equal(
            ["forbidden", "forbidden", "not_a_member", "not_a_member", "not_a_member", "not_a_member", "not_a_member"],
            aboutRoom.Select(f => f.StringOf("code")));
        Assert.All(frames, f => Assert.DoesNotContain("secret", f.GetRawText(), StringComparison.Ordinal));

        // And the members' history holds only their own messages (Alice and Bob sent concurrently: any order).
        await alice.SendAsync(new { action = "history", room });
        var history = await alice.ReceiveAsync("history");
        Assert.Equal(["secret after", "secret before", "secret during"], history.Array("messages").Select(m => m.Text()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PrivateRoom_MemberGrantedByToken_JoinsAndChats()
    {
        var room = "private." + Unique.Room("ops");
        await using var alice = await ChatSocket.ConnectAsync(fixture.ChatUri(TokenHostFixture.Token(Unique.Name("u"), "Alice", room)), "alice");

        await alice.SendAsync(new { action = "join", room });
        var joined = await alice.ReceiveAsync("joined");

        Assert.Equal(room, joined.StringOf("room"));
    }

    [Fact]
    public async Task PrivateRoom_ConfiguredRoomsClaimWithSpaceSeparatedRooms_GrantsEachRoom()
    {
        await using var host = await SampleHost.StartAsync(
        [
            $"--ChatRoom:Jwt:SigningKey={TokenHostFixture.SigningKey}",
            $"--ChatRoom:Jwt:Issuer={TokenHostFixture.Issuer}",
            "--ChatRoom:Jwt:RoomsClaim=groups",
        ]);
        var (first, second) = ("private." + Unique.Room("a"), "private." + Unique.Room("b"));
        var token = TokenHostFixture.SignedToken(new Dictionary<string, object>
        {
            ["sub"] = Unique.Name("u"),
            ["groups"] = first + " " + second,
            ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        });
        await using var alice = await ChatSocket.ConnectAsync(new Uri($"ws://{host.BaseAddress.Authority}/ws?access_token={Uri.EscapeDataString(token)}"), "alice");

        await alice.SendAsync(new { action = "join", room = first });
        var joinedFirst = await alice.ReceiveAsync("joined");
        await alice.SendAsync(new { action = "join", room = second });
        var joinedSecond = await alice.ReceiveAsync("joined");

        Assert.Equal(first, joinedFirst.StringOf("room"));
        Assert.Equal(second, joinedSecond.StringOf("room"));
    }
}
