using System.Net.WebSockets;
using System.Text;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Tests;

/// <summary>When and how the server closes a socket: frame limits, refused connections, shutdown.</summary>
[Trait("Category", "Integration")]
public sealed class ChatEndpointCloseTests(SampleHostFixture fixture) : IClassFixture<SampleHostFixture>
{
    private SampleHost Host => fixture.Host;

    [Fact]
    public async Task Frame_LargerThanMaxFrameBytes_ClosesWith1009()
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));

        await alice.SendTextAsync(Frame(33 * 1024));
        var (status, _) = await alice.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
    }

    [Fact]
    public async Task Frame_ExactlyMaxFrameBytes_IsHandled()
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));
        var room = Unique.Room("frame");
        await alice.JoinAsync(room);
        var marker = Unique.Name("at-the-limit");

        // The host is shared, so other tests' presence events may arrive first: read until this frame's own answer.
        await alice.SendTextAsync(Padded($$"""{"action":"sendmessage","room":"{{room}}","text":"32 KB","clientMessageId":"{{marker}}"}""", 32 * 1024));
        var acknowledgement = await alice.ReceiveAsync("message", m => m.StringOf("clientMessageId") == marker);

        Assert.Equal((room, "32 KB", alice.Name), (acknowledgement.StringOf("room"), acknowledgement.Text(), acknowledgement.SenderName()));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(5000)]
    [InlineData(20000)]
    public async Task Frame_OverAMaxFrameBytesThatIsNoPowerOfTwo_ClosesWith1009(int maxFrameBytes)
    {
        await using var host = await SampleHost.StartAsync([$"--ChatRoom:WebSocket:MaxFrameBytes={maxFrameBytes}"]);
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"));

        await alice.SendTextAsync(Frame(maxFrameBytes));
        var reply = await alice.ReceiveAsync();
        await alice.SendTextAsync(Frame(maxFrameBytes + 1));
        var (status, _) = await alice.ReceiveCloseAsync();

        Assert.Equal("pong", reply.Type());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
    }

    [Fact]
    public async Task Frame_Binary_ClosesWith1003()
    {
        await using var alice = await ChatSocket.ConnectAsync(Host, Unique.Name("alice"));

        await alice.SendRawAsync(Encoding.UTF8.GetBytes("""{"action":"ping"}"""), WebSocketMessageType.Binary);
        var (status, _) = await alice.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, status);
    }

    [Fact]
    public async Task Connect_RefusedByTheAuthorizer_ClosesWith1008()
    {
        await using var host = await SampleHost.StartAsync(configureServices: services => services.AddSingleton<IChatAuthorizer, RoomAuthorizer>());
        await using var mallory = await ChatSocket.ConnectAsync(host, RoomAuthorizer.BannedName, waitUntilReady: false);

        var (status, description) = await mallory.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("Mallory is banned.", description);
    }

    [Fact]
    public async Task StopAsync_ClientConnected_ClosesSocketWith1001()
    {
        var host = await SampleHost.StartAsync();
        await using (host)
        {
            await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"));

            var stopping = host.StopAsync();
            var (status, _) = await alice.ReceiveCloseAsync();
            await stopping;

            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        }
    }

    /// <summary>A ping frame padded with spaces to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string Frame(int bytes) => Padded("""{"action":"ping"}""", bytes);

    /// <summary>An ASCII JSON frame padded with spaces (JSON whitespace) to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string Padded(string json, int bytes) => json + new string(' ', bytes - json.Length);
}
