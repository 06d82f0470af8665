using ChatRoom.Redis.Internal;
using Microsoft.Extensions.Options;

namespace ChatRoom.Redis.Tests;

/// <summary>Every key and channel of a room, and every key of a connection, lands on one Redis Cluster slot.</summary>
[Collection(RedisGroup.Name)]
[Trait("Category", "Integration")]
public sealed class RedisKeysTests(RedisServer redis)
{
    [Fact]
    public async Task StoreKeys_AfterAJoinAndAnAppend_EachRoomAndConnectionKeySharesItsHashTag()
    {
        var options = Options.Create(redis.CreateOptions());
        await using var connection = new RedisConnection(options);
        var connections = new RedisConnectionStore(connection, options);
        var messages = new RedisMessageStore(connection);
        var alice = new ConnectionInfo { Member = new() { ConnectionId = "c-alice", Name = "Alice", UserId = "u-alice" }, ConnectedAt = DateTimeOffset.UnixEpoch };
        await connections.AddConnectionAsync(alice);
        await connections.JoinRoomAsync("lobby", alice, maxRooms: 4);
        await messages.AppendAsync(new NewChatMessage
        {
            Room = "lobby",
            Id = "m1",
            Sender = alice.Member,
            Text = "hi",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = "c-1",
        });

        var multiplexer = await connection.GetMultiplexerAsync();
        var prefix = options.Value.KeyPrefix;
        var keys = multiplexer.GetServer(redis.Configuration).Keys(pattern: prefix + ":*").Select(k => (string)k!).Order(StringComparer.Ordinal).ToList();
        var roomKeys = keys.Where(k => k.Contains("{lobby}", StringComparison.Ordinal)).ToList();
        var connectionKeys = keys.Where(k => k.Contains("{c-alice}", StringComparison.Ordinal)).ToList();

        Assert.Equal([$"{prefix}:conn:{{c-alice}}", $"{prefix}:conn:{{c-alice}}:rooms"], connectionKeys);
        Assert.Equal(
            [$"{prefix}:{{lobby}}:dedup", $"{prefix}:{{lobby}}:history", $"{prefix}:{{lobby}}:member-records", $"{prefix}:{{lobby}}:members", $"{prefix}:{{lobby}}:seq"],
            roomKeys);
        Assert.Equal(keys.Count, roomKeys.Count + connectionKeys.Count);
        Assert.All(roomKeys.Append(connection.Keys.RoomChannel("lobby")), key => Assert.Equal("lobby", HashTag(key)));
        Assert.All(connectionKeys, key => Assert.Equal("c-alice", HashTag(key)));
    }

    /// <summary>What Redis Cluster hashes a key by: the text between the first '{' and the next '}', when not empty.</summary>
    private static string HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = open < 0 ? -1 : key.IndexOf('}', open + 1);
        return close > open + 1 ? key[(open + 1)..close] : key;
    }
}
