using ChatRoom.Redis.Internal;
using ChatRoom.Testing;

namespace ChatRoom.Redis.Tests;

/// <summary>The Redis message store passes the same contract as every other adapter.</summary>
[Collection(RedisGroup.Name)]
[Trait("Category", "Integration")]
public sealed class RedisMessageStoreConformanceTests(RedisServer redis) : MessageStoreConformanceTests, IAsyncLifetime
{
    private readonly RedisConnection _connection = redis.CreateConnection();

    protected override Task<IMessageStore> CreateStoreAsync() => Task.FromResult<IMessageStore>(new RedisMessageStore(_connection));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _connection.DisposeAsync();
}
