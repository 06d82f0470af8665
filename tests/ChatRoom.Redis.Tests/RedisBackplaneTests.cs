using System.Threading.Channels;
using ChatRoom.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ChatRoom.Redis.Tests;

/// <summary>Two nodes (containers) on one Redis: frames and closes for another node's connection, and stray payloads.</summary>
[Collection(RedisGroup.Name)]
[Trait("Category", "Integration")]
public sealed class RedisBackplaneTests(RedisServer redis)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DisconnectAsync_ConnectionOnAnotherNode_ClosesItThereAndTellsTheRoom()
    {
        var options = redis.CreateOptions();
        await using var first = await RedisNodeInProcess.StartAsync(options);
        await using var second = await RedisNodeInProcess.StartAsync(options);
        await using var alice = await InMemoryChatClient.ConnectAsync(first.Services, "alice");
        await using var bob = await InMemoryChatClient.ConnectAsync(second.Services, "bob");
        await JoinAsync(alice, "lobby");
        await JoinAsync(bob, "lobby");
        await alice.ReceiveAsync("presence").WaitAsync(s_wait);

        // From the first node, for a connection the second holds: routed there, never taken for gone.
        var disconnected = await first.Services.GetRequiredService<IChatRoomService>().DisconnectAsync(bob.ConnectionId);

        Assert.True(disconnected);
        await Assert.ThrowsAsync<ChannelClosedException>(async () =>
        {
            while (true)
            {
                await bob.ReceiveAsync().WaitAsync(s_wait);
            }
        });
        var left = await alice.ReceiveAsync("presence").WaitAsync(s_wait);
        Assert.Equal("left", left.GetProperty("event").GetString());
    }

    [Fact]
    public async Task SendAsync_ConnectionOnAnotherNode_IsDeliveredThere_AndAnUnknownOneIsGone()
    {
        var options = redis.CreateOptions();
        await using var first = await RedisNodeInProcess.StartAsync(options);
        await using var second = await RedisNodeInProcess.StartAsync(options);
        await using var bob = await InMemoryChatClient.ConnectAsync(second.Services, "bob");
        var messenger = first.Services.GetRequiredService<IConnectionMessenger>();

        var routed = await messenger.SendAsync(bob.ConnectionId, """{"type":"pong"}"""u8.ToArray());
        var unknown = await messenger.SendAsync("nobody-has-this-id", """{"type":"pong"}"""u8.ToArray());

        Assert.Equal(DeliveryResult.Delivered, routed);
        Assert.Equal("pong", (await bob.ReceiveAsync().WaitAsync(s_wait)).GetProperty("type").GetString());
        Assert.Equal(DeliveryResult.Gone, unknown);
    }

    [Fact]
    public async Task RoomChannel_StrayPayload_IsDroppedAndTheRoomGoesOn()
    {
        var options = redis.CreateOptions();
        await using var node = await RedisNodeInProcess.StartAsync(options);
        await using var alice = await InMemoryChatClient.ConnectAsync(node.Services, "alice");
        await using var bob = await InMemoryChatClient.ConnectAsync(node.Services, "bob");
        await JoinAsync(alice, "lobby");
        await JoinAsync(bob, "lobby");
        await alice.ReceiveAsync("presence").WaitAsync(s_wait);

        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var channel = RedisChannel.Sharded($"{options.KeyPrefix}:{{lobby}}:events");
        foreach (var stray in new[] { "x"u8.ToArray(), "F\u0001"u8.ToArray(), "M{not json"u8.ToArray(), Array.Empty<byte>() })
        {
            await multiplexer.GetSubscriber().PublishAsync(channel, stray);
        }

        await bob.SendAsync("""{"action":"sendmessage","room":"lobby","text":"after the noise"}""");
        var message = await alice.ReceiveAsync("message").WaitAsync(s_wait);
        Assert.Equal("after the noise", message.GetProperty("text").GetString());
    }

    private static async Task JoinAsync(InMemoryChatClient client, string room)
    {
        await client.SendAsync($$"""{"action":"join","room":"{{room}}"}""");
        await client.ReceiveAsync("joined").WaitAsync(s_wait);
    }
}
