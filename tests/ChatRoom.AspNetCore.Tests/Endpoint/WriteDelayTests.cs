using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.AspNetCore.Tests.Endpoint;

/// <summary><c>ChatRoom:WebSocket:WriteDelay</c> on a real Kestrel host: what a socket's writer collects goes out in one send.</summary>
[Trait("Category", "Integration")]
public sealed class WriteDelayTests
{
    [Fact]
    public async Task MapChatRoom_FramesQueuedBeforeATick_ReachTheSocketInOneSend()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var transport = new CountedTransport();
        await using var app = await MappedChatApp.StartAsync(
            static app => app.MapChatRoom("/ws"),
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(transport.Install));
            },
            "--ChatRoom:WebSocket:WriteDelay=00:00:00.005",
            "--ChatRoom:KeepAliveInterval=01:00:00");
        await using var alice = await TestClient.ConnectAsync(app.WebSocketUri("/ws?name=Alice"));

        // The socket was idle: its first frame goes out at once, though the clock does not move.
        await alice.SendAsync(new { action = "ping" });
        await alice.ReceiveAsync("pong");
        var afterFirstSend = transport.Flushes;

        // Frames are handled one after another: once Alice is in room "b", the replies to every frame before that join
        // are queued. They wait for the clock's next tick, which does not come until the test moves it.
        await alice.SendAsync(new { action = "ping" });
        await alice.SendAsync(new { action = "ping" });
        await alice.SendAsync(new { action = "join", room = "a" });
        await alice.SendAsync(new { action = "join", room = "b" });
        var service = app.Services.GetRequiredService<IChatRoomService>();
        while ((await service.GetMembersAsync("b")).Members.Count == 0)
        {
            await Task.Delay(10);
        }

        time.Advance(TimeSpan.FromMilliseconds(5));
        await alice.ReceiveAsync("pong");
        await alice.ReceiveAsync("pong");
        var joined = await alice.ReceiveAsync("joined");

        Assert.Equal("a", joined.GetProperty("room").GetString());
        Assert.Equal(1, transport.Flushes - afterFirstSend);
    }
}
