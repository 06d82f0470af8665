using System.Threading.Channels;
using ChatRoom.Redis.Internal;
using StackExchange.Redis;

namespace ChatRoom.Redis.Tests;

/// <summary>What the Redis message store does beyond the shared contract: publishing each append to the room, and outages.</summary>
[Trait("Category", "Integration")]
public sealed class RedisMessageStoreTests
{
    private static readonly TimeSpan s_delivery = TimeSpan.FromSeconds(30);
    private static readonly ChatMember s_alice = new() { ConnectionId = "c-alice", Name = "Alice", UserId = "u-alice" };

    [Fact]
    public async Task EveryMethod_RedisStopped_ThrowsChatStoreUnavailableAndWorksAgainAfterRestart()
    {
        await using var server = await RedisServer.StartNewAsync(appendOnly: true);
        await using var connection = server.CreateConnection(RedisOutage.Configure(server));
        var store = new RedisMessageStore(connection);
        var first = (await store.AppendAsync(Message("lobby", "before", "c-1"))).Message;

        await server.StopAsync();

        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.AppendAsync(Message("lobby", "during", "c-2")));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.GetLatestAsync("lobby", 10));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.GetBeforeAsync("lobby", 5, 10));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => store.GetAfterAsync("lobby", 0, 10));

        await RedisReconnection.RestartAsync(server, connection);

        // The failed append stored nothing: the next one takes seq 2, and its script is sent again to the new server.
        var resend = await store.AppendAsync(Message("lobby", "during", "c-2"));
        Assert.False(resend.IsDuplicate);
        Assert.Equal(2, resend.Message.Seq);
        Assert.Equal([first, resend.Message], (await store.GetAfterAsync("lobby", 0, 10)).Messages);
    }

    [Fact]
    public async Task AppendAsync_NewAndDuplicate_PublishesMAndTheStoredRecordOnTheRoomChannelEachTime()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var connection = server.CreateConnection();
        var store = new RedisMessageStore(connection);
        var payloads = await SubscribeAsync(connection, connection.Keys.RoomChannel("lobby"), RedisChannel.Sharded);

        var appended = await store.AppendAsync(Message("lobby", "hello", "c-1"));
        var duplicate = await store.AppendAsync(Message("lobby", "hello again", "c-1"));

        Assert.True(appended.IsPublished);
        Assert.True(duplicate.IsPublished);
        Assert.True(duplicate.IsDuplicate);
        foreach (var payload in new[] { await payloads.ReadAsync().AsTask().WaitAsync(s_delivery), await payloads.ReadAsync().AsTask().WaitAsync(s_delivery) })
        {
            Assert.Equal((byte)'M', payload[0]);
            Assert.Equal(appended.Message, RedisMessageRecord.Parse("lobby", payload.AsSpan(1)));
        }
    }

    [Theory]
    [InlineData(null, "spublish")]
    [InlineData(true, "spublish")]
    [InlineData(false, "publish")]
    public async Task AppendAsync_UseShardedPubSub_PublishesWithTheChosenCommand(bool? useSharded, string command)
    {
        // Redis 7 here: unset means sharded. A sharded subscriber never hears PUBLISH, nor a classic one SPUBLISH.
        await using var server = await RedisServer.StartNewAsync();
        await using var connection = server.CreateConnection(o => o.UseShardedPubSub = useSharded);
        var store = new RedisMessageStore(connection);
        Func<string, RedisChannel> channel = command == "spublish" ? RedisChannel.Sharded : RedisChannel.Literal;
        var payloads = await SubscribeAsync(connection, connection.Keys.RoomChannel("lobby"), channel);

        var appended = await store.AppendAsync(Message("lobby", "hello", null));

        var payload = await payloads.ReadAsync().AsTask().WaitAsync(s_delivery);
        Assert.Equal(appended.Message, RedisMessageRecord.Parse("lobby", payload.AsSpan(1)));
        var stats = await CommandStatsAsync(server);
        Assert.Contains($"cmdstat_{command}:calls=1,", stats, StringComparison.Ordinal);
        Assert.DoesNotContain($"cmdstat_{(command == "spublish" ? "publish" : "spublish")}:", stats, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_AnyMessage_StoresTheCompactRecordUnderTheRoomsKeys()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var connection = server.CreateConnection();
        var store = new RedisMessageStore(connection);
        var message = Message("lobby", "hi", "c-1") with { SentAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123) };

        await store.AppendAsync(message);

        var database = await connection.GetDatabaseAsync();
        var keys = connection.Keys;
        Assert.Equal(
            """{"q":1,"i":"m-c-1","s":{"c":"c-alice","n":"Alice","u":"u-alice"},"x":"hi","t":1700000000123,"k":"c-1"}""",
            (string?)(await database.SortedSetRangeByScoreAsync(keys.RoomHistory("lobby"), 1, 1)).Single());
        Assert.Equal(1, (long)await database.StringGetAsync(keys.RoomSeq("lobby")));
        Assert.Equal(1, (long)await database.HashGetAsync(keys.RoomDedup("lobby"), "u-alice\nc-1"));
    }

    private static NewChatMessage Message(string room, string text, string? clientMessageId) => new()
    {
        Room = room,
        Id = "m-" + (clientMessageId ?? Guid.NewGuid().ToString("N")),
        Sender = s_alice,
        Text = text,
        SentAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
        ClientMessageId = clientMessageId,
    };

    private static async Task<ChannelReader<byte[]>> SubscribeAsync(RedisConnection connection, string name, Func<string, RedisChannel> channel)
    {
        var payloads = Channel.CreateUnbounded<byte[]>();
        var subscriber = (await connection.GetMultiplexerAsync()).GetSubscriber();
        await subscriber.SubscribeAsync(channel(name), (_, value) => payloads.Writer.TryWrite((byte[])value!));
        return payloads.Reader;
    }

    private static async Task<string> CommandStatsAsync(RedisServer server)
    {
        // INFO is an admin command, which the adapter's connection does not allow.
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true");
        return await admin.GetServer(server.Configuration).InfoRawAsync("commandstats") ?? string.Empty;
    }
}
