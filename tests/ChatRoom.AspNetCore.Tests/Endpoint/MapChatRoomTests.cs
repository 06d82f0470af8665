using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.AspNetCore.Tests.Endpoint;

/// <summary><c>app.MapChatRoom("/ws")</c> on a real Kestrel host, as a new app uses it.</summary>
[Trait("Category", "Integration")]
public sealed class MapChatRoomTests
{
    [Fact]
    public async Task MapChatRoom_AppWithOnlyAddChatRoomAndAddInMemory_MembersChat()
    {
        await using var app = await MappedChatApp.StartAsync(static app => app.MapChatRoom("/ws"));
        await using var alice = await ConnectToLobbyAsync(app, "Alice");
        await using var bob = await ConnectToLobbyAsync(app, "Bob");

        await alice.SendAsync(new { action = "sendmessage", room = "lobby", text = "hello bob" });
        var message = await bob.ReceiveAsync("message");

        Assert.Equal("hello bob", message.GetProperty("text").GetString());
        Assert.Equal("Alice", message.GetProperty("sender").GetProperty("name").GetString());
    }

    [Fact]
    public async Task MapChatRoom_AppRunsItsOwnUseWebSockets_MembersChatOverTheServersStream()
    {
        await using var app = await MappedChatApp.StartAsync(static app =>
        {
            app.UseWebSockets();
            app.MapChatRoom("/ws");
        });
        await using var alice = await ConnectToLobbyAsync(app, "Alice");
        await using var bob = await ConnectToLobbyAsync(app, "Bob");

        await alice.SendAsync(new { action = "sendmessage", room = "lobby", text = "one" });
        await alice.SendAsync(new { action = "sendmessage", room = "lobby", text = "two" });

        Assert.Equal("one", (await bob.ReceiveAsync("message")).GetProperty("text").GetString());
        Assert.Equal("two", (await bob.ReceiveAsync("message")).GetProperty("text").GetString());
    }

    [Fact]
    public async Task MapChatRoom_PlainHttpRequest_400SayingItSpeaksWebSocket()
    {
        await using var app = await MappedChatApp.StartAsync(static app => app.MapChatRoom("/ws"));
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        using var response = await http.GetAsync(new Uri("/ws", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapChatRoom_AuthenticatedUser_IdentityAndGrantsComeFromTheClaims()
    {
        await using var app = await MappedChatApp.StartAsync(
            static app =>
            {
                app.UseAuthentication();
                app.MapChatRoom("/ws", static o => o.NameClaimType = HeaderAuthenticationHandler.NameClaim);
            },
            AddHeaderAuthentication);

        // The name in the query is the client's wish; the claims are what the app proved.
        await using var alice = await TestClient.ConnectAsync(
            app.WebSocketUri("/ws?name=Mallory"), static o => o.SetRequestHeader("X-Test-User", "u-alice;Alice Cooper;private.ops"));
        await alice.SendAsync(new { action = "join", room = "private.ops" });
        var joined = await alice.ReceiveAsync("joined");

        Assert.Equal("Alice Cooper", joined.GetProperty("you").GetProperty("name").GetString());
        Assert.Equal("private.ops", joined.GetProperty("room").GetString());
    }

    [Fact]
    public async Task MapChatRoom_AnonymousUser_PrivateRoomRefused()
    {
        await using var app = await MappedChatApp.StartAsync(
            static app =>
            {
                app.UseAuthentication();
                app.MapChatRoom("/ws");
            },
            AddHeaderAuthentication);
        await using var guest = await TestClient.ConnectAsync(app.WebSocketUri("/ws?name=Guest"));

        await guest.SendAsync(new { action = "join", room = "private.ops" });
        var error = await guest.ReceiveAsync("error");

        Assert.Contains("private", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapChatRoom_AuthenticationFailed_ClosedWith4401AndTheAppsReason()
    {
        await using var app = await MappedChatApp.StartAsync(
            static app =>
            {
                app.UseAuthentication();
                app.MapChatRoom("/ws");
            },
            AddHeaderAuthentication);
        await using var client = await TestClient.ConnectAsync(app.WebSocketUri("/ws"), static o => o.SetRequestHeader("X-Test-User", "refuse"));

        var (status, description) = await client.ReceiveCloseAsync();

        Assert.Equal((WebSocketCloseStatus)4401, status);
        Assert.Equal(HeaderAuthenticationHandler.Refusal, description);
    }

    [Fact]
    public async Task MapChatRoom_RequireAuthorization_AnonymousUpgradeRefusedSignedInAccepted()
    {
        await using var app = await MappedChatApp.StartAsync(
            static app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapChatRoom("/ws").RequireAuthorization();
            },
            static services =>
            {
                AddHeaderAuthentication(services);
                services.AddAuthorization();
            });
        using var anonymous = new ClientWebSocket();
        anonymous.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(app.WebSocketUri("/ws"), CancellationToken.None));
        await using var signedIn = await TestClient.ConnectAsync(app.WebSocketUri("/ws"), static o => o.SetRequestHeader("X-Test-User", "u-1;One"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, signedIn.Socket.State);
    }

    [Fact]
    public async Task StopAsync_OpenSocket_ClosedWith1001()
    {
        var app = await MappedChatApp.StartAsync(static app => app.MapChatRoom("/ws"));
        await using var client = await TestClient.ConnectAsync(app.WebSocketUri("/ws?name=Alice"));
        await client.SendAsync(new { action = "join", room = "lobby" });
        await client.ReceiveAsync("joined");

        var stopping = app.StopAsync();
        var (status, _) = await client.ReceiveCloseAsync();
        await stopping;
        await app.DisposeAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
    }

    [Fact]
    public void MapChatRoom_WithoutAddChatRoom_FailsSayingWhatToCall()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapChatRoom("/ws"));

        Assert.Contains("AddChatRoom().AddInMemory()", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ChatRoom:KeepAliveTimeout=00:00:00", "ChatRoom:KeepAliveInterval and ChatRoom:KeepAliveTimeout")]
    [InlineData("--ChatRoom:ConnectionLimit:PermitsPerWindow=0", "ChatRoom:ConnectionLimit:PermitsPerWindow")]
    [InlineData("--ChatRoom:WebSocket:MaxFrameBytes=10", "ChatRoom:WebSocket:MaxFrameBytes")]
    [InlineData("--ChatRoom:WebSocket:WriteDelay=-00:00:00.001", "ChatRoom:WebSocket:WriteDelay")]
    [InlineData("--ChatRoom:WebSocket:WriteDelay=00:00:01", "ChatRoom:WebSocket:WriteDelay")]
    public async Task MapChatRoom_InvalidSetting_FailsNamingIt(string setting, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MappedChatApp.StartAsync(static app => app.MapChatRoom("/ws"), null, setting));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapChatRoom_AllowedOriginThatIsNoOrigin_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => MappedChatApp.StartAsync(static app => app.MapChatRoom("/ws", static o => o.AllowedOrigins.Add("chat.example.com"))));

        Assert.Contains("ChatRoom:AllowedOrigins", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Connects a client named <paramref name="name"/> and joins it to "lobby".</summary>
    private static async Task<TestClient> ConnectToLobbyAsync(MappedChatApp app, string name)
    {
        var client = await TestClient.ConnectAsync(app.WebSocketUri($"/ws?name={name}"));
        await client.SendAsync(new { action = "join", room = "lobby" });
        await client.ReceiveAsync("joined");
        return client;
    }

    private static void AddHeaderAuthentication(IServiceCollection services) =>
        services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
}
