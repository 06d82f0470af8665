using System.Net;
using ChatRoom.Samples.Tests.Browser;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary><c>ChatRoom.Client</c> on the local gateway: a frame lost on its way and a connection closed by the gateway.</summary>
[Trait("Category", "Integration")]
public sealed class GatewayChatClientTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task MessageReceived_FrameToTheClientLost_DeliversItOnceInSeqOrderFromHistory()
    {
        var dropper = new FrameDropper(frame => frame.Type() == "message" && frame.Seq() == 2);
        await using var gateway = await GatewayHost.StartAsync(configureFunction: dropper.Install);
        var room = Unique.Room("lost");
        await using var receiver = new RecordingClient(gateway, "receiver", room);
        await using var sender = new RecordingClient(gateway, "sender", room);
        dropper.ConnectionId = await receiver.StartAndJoinAsync();
        await sender.StartAndJoinAsync();

        for (var i = 1; i <= 3; i++)
        {
            await sender.Client.SendAsync(room, $"message {i}");
        }

        await receiver.WhenDelivered(3).WaitAsync(ChatSocket.Timeout);
        Assert.Equal(1, dropper.Dropped);
        Assert.Equal([1L, 2L, 3L], receiver.Delivered.Select(m => m.Seq));
        Assert.Equal(["message 1", "message 2", "message 3"], receiver.Delivered.Select(m => m.Text));
    }

    [Fact]
    public async Task MessageReceived_GatewayDeletesTheConnectionMidStream_ReconnectsAndDeliversEveryMessageOnceInSeqOrder()
    {
        await using var gateway = await GatewayHost.StartAsync();
        var room = Unique.Room("reconnect");
        await using var receiver = new RecordingClient(gateway, "receiver", room);
        await using var sender = new RecordingClient(gateway, "sender", room);
        var first = await receiver.StartAndJoinAsync();
        await sender.StartAndJoinAsync();
        for (var i = 1; i <= 3; i++)
        {
            await sender.Client.SendAsync(room, $"message {i}");
        }

        await receiver.WhenDelivered(3).WaitAsync(ChatSocket.Timeout);

        // What API Gateway does at two hours, or when an app disconnects a client; the sender goes on meanwhile.
        using (var delete = await Http.SendAsync(await ManagementRequests.SignedAsync(HttpMethod.Delete, new Uri(gateway.ConnectionsUri, Uri.EscapeDataString(first)))))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        for (var i = 4; i <= 6; i++)
        {
            await sender.Client.SendAsync(room, $"message {i}");
        }

        await receiver.WhenDelivered(6).WaitAsync(ChatSocket.Timeout);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], receiver.Delivered.Select(m => m.Seq));
        Assert.NotEqual(first, receiver.Client.ConnectionId);
    }
}
