using System.Text.Json;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatRoom.Samples.Tests;

/// <summary>Every protocol v1 error code, reached over a real socket; the socket stays usable afterwards.</summary>
[Trait("Category", "Integration")]
public sealed class ChatEndpointErrorTests(SampleHostFixture fixture) : IClassFixture<SampleHostFixture>
{
    private SampleHost Host => fixture.Host;

    [Theory]
    [InlineData("hello")]
    [InlineData("[1, 2, 3]")]
    [InlineData("null")]
    [InlineData("""{"room":"general"}""")]
    [InlineData("""{"action":"join","room":42}""")]
    public async Task Frame_Malformed_BadRequest(string text)
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));

        await alice.SendTextAsync(text);
        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.BadRequest, error.StringOf("code"));
        Assert.False(string.IsNullOrWhiteSpace(error.StringOf("message")));
        await AssertStillServedAsync(alice);
    }

    [Fact]
    public async Task Join_WithoutRoom_BadRequestNamingTheAction()
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));

        await alice.SendAsync(new { action = "join" });
        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.BadRequest, error.StringOf("code"));
        Assert.Equal("join", error.StringOf("action"));
    }

    [Fact]
    public async Task Frame_UnknownAction_UnknownAction()
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));

        await alice.SendAsync(new { action = "dance" });
        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.UnknownAction, error.StringOf("code"));
        Assert.Equal("dance", error.StringOf("action"));
        await AssertStillServedAsync(alice);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("<script>")]
    [InlineData("")]
    public async Task Join_InvalidRoomName_InvalidRoom(string room)
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));

        await alice.SendAsync(new { action = "join", room });
        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.InvalidRoom, error.StringOf("code"));
        Assert.Equal("join", error.StringOf("action"));
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("bell\u0007")]
    [InlineData(null)] // replaced by 4001 characters, one over the limit
    public async Task SendMessage_InvalidText_InvalidTextWithClientMessageId(string? text)
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));

        await alice.SendAsync(new { action = "sendmessage", room = "general", text = text ?? new string('x', 4001), clientMessageId = "bad-text" });
        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.InvalidText, error.StringOf("code"));
        Assert.Equal("sendmessage", error.StringOf("action"));
        Assert.Equal("bad-text", error.StringOf("clientMessageId"));
    }

    [Theory]
    [InlineData("sendmessage")]
    [InlineData("history")]
    [InlineData("members")]
    [InlineData("typing")]
    [InlineData("leave")]
    public async Task Action_RoomNotJoined_NotAMember(string action)
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));

        await alice.SendAsync(new { action, room = Unique.Room("elsewhere"), text = "hi" });
        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.NotAMember, error.StringOf("code"));
        Assert.Equal(action, error.StringOf("action"));
    }

    [Fact]
    public async Task SendMessage_NoRoomAfterLeavingEverything_NotAMember()
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));
        await alice.SendAsync(new { action = "leave", room = "general" });
        await alice.ReceiveAsync("left");

        await alice.SendAsync(new { action = "sendmessage", data = "anyone?" });
        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.NotAMember, error.StringOf("code"));
    }

    [Fact]
    public async Task Join_MoreRoomsThanAllowed_TooManyRooms()
    {
        await using var host = await SampleHost.StartAsync(["--ChatRoom:MaxRoomsPerConnection=2"]);
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"));
        await alice.SendAsync(new { action = "join", room = "second" }); // general was the first
        await alice.ReceiveAsync("joined");

        await alice.SendAsync(new { action = "join", room = "third" });
        var error = await alice.ReceiveAsync("error");
        await alice.SendAsync(new { action = "join", room = "second" }); // already in: not a new room
        var rejoined = await alice.ReceiveAsync();

        Assert.Equal(ChatErrorCodes.TooManyRooms, error.StringOf("code"));
        Assert.Equal("join", error.StringOf("action"));
        Assert.Equal("joined", rejoined.Type());
    }

    [Fact]
    public async Task Frames_FasterThanTheBurst_RateLimited()
    {
        await using var host = await SampleHost.StartAsync(["--ChatRoom:RateLimitBurst=3", "--ChatRoom:RateLimitPerSecond=1"]);
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"), waitUntilReady: false);

        for (var i = 0; i < 10; i++)
        {
            await alice.SendAsync(new { action = "sendmessage", room = "general", text = $"spam {i}", clientMessageId = $"spam-{i}" });
        }

        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.RateLimited, error.StringOf("code"));
        Assert.Equal("sendmessage", error.StringOf("action"));
        Assert.StartsWith("spam-", error.StringOf("clientMessageId"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_RoomTheAuthorizerRefuses_Forbidden()
    {
        await using var host = await SampleHost.StartAsync(configureServices: services => services.AddSingleton<IChatAuthorizer, RoomAuthorizer>());
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"));

        await alice.SendAsync(new { action = "join", room = RoomAuthorizer.PrivatePrefix + "board" });
        var error = await alice.ReceiveAsync("error");
        await alice.SendAsync(new { action = "join", room = "public" });
        var joined = await alice.ReceiveAsync();

        Assert.Equal(ChatErrorCodes.Forbidden, error.StringOf("code"));
        Assert.Equal("Members only.", error.StringOf("message"));
        Assert.Equal("joined", joined.Type());
    }

    [Fact]
    public async Task SendMessage_MessageStoreDown_UnavailableWithClientMessageId()
    {
        await using var host = await SampleHost.StartAsync(configureServices: services => services.Replace(ServiceDescriptor.Singleton<IMessageStore, UnavailableMessageStore>()));
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"));

        await alice.SendAsync(new { action = "sendmessage", room = "general", text = "is anyone there?", clientMessageId = "retry-me" });
        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.Unavailable, error.StringOf("code"));
        Assert.Equal("sendmessage", error.StringOf("action"));
        Assert.Equal("retry-me", error.StringOf("clientMessageId"));
        await AssertStillServedAsync(alice);
    }

    [Fact]
    public async Task Join_MessageStoreDown_Unavailable()
    {
        await using var host = await SampleHost.StartAsync(configureServices: services => services.Replace(ServiceDescriptor.Singleton<IMessageStore, UnavailableMessageStore>()));
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"));

        await alice.SendAsync(new { action = "join", room = "lobby" });
        var error = await alice.ReceiveAsync("error");

        Assert.Equal(ChatErrorCodes.Unavailable, error.StringOf("code"));
        Assert.Equal("join", error.StringOf("action"));
    }

    private static async Task AssertStillServedAsync(ChatSocket client)
    {
        await client.SendAsync(new { action = "ping" });
        var pong = await client.ReceiveAsync("pong");
        Assert.Equal(JsonValueKind.Object, pong.ValueKind);
    }
}
