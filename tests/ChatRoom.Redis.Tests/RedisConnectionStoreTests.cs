using ChatRoom.Redis.Internal;
using Microsoft.Extensions.Options;

namespace ChatRoom.Redis.Tests;

/// <summary>What the Redis connection store does beyond the shared contract.</summary>
[Trait("Category", "Integration")]
public sealed class RedisConnectionStoreTests
{
    private static readonly ConnectionInfo s_alice = new()
    {
        Member = new() { ConnectionId = "c-alice", Name = "Alice", UserId = "u-alice" },
        ConnectedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task EveryMethod_RedisStopped_ThrowsChatStoreUnavailableAndWorksAgainAfterRestart()
    {
        await using var server = await RedisServer.StartNewAsync(appendOnly: true);
        var options = Options.Create(server.CreateOptions(RedisOutage.Configure(server)));
        await using var connection = new RedisConnection(options);
        var store = new RedisConnectionStore(connection, options);
        await store.AddConnectionAsync(s_alice);
        await store.JoinRoomAsync("lobby", s_alice, maxRooms: 4);

        await server.StopAsync();

        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.AddConnectionAsync(s_alice));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.GetConnectionAsync("c-alice"));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.JoinRoomAsync("hall", s_alice, maxRooms: 4));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.LeaveRoomAsync("lobby", "c-alice"));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.GetMembersAsync("lobby", null, 10));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.GetRoomsAsync("c-alice"));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.RenewConnectionAsync("c-alice"));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.RemoveConnectionAsync("c-alice"));

        await RedisReconnection.RestartAsync(server, connection);

        Assert.Equal(s_alice, await store.GetConnectionAsync("c-alice"));
        Assert.True(await store.RenewConnectionAsync("c-alice"));
        Assert.Equal([s_alice.Member], (await store.GetMembersAsync("lobby", null, 10)).Members);
        Assert.Equal(RoomJoinResult.Joined, await store.JoinRoomAsync("hall", s_alice, maxRooms: 4));
        Assert.Equal(["hall", "lobby"], (await store.GetRoomsAsync("c-alice")).Order(StringComparer.Ordinal));
    }
}
