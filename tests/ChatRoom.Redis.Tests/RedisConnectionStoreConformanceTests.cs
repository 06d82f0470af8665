using ChatRoom.Redis.Internal;
using ChatRoom.Testing;
using Microsoft.Extensions.Options;

namespace ChatRoom.Redis.Tests;

/// <summary>The Redis connection store passes the same contract as every other adapter.</summary>
[Collection(RedisGroup.Name)]
[Trait("Category", "Integration")]
public sealed class RedisConnectionStoreConformanceTests(RedisServer redis) : ConnectionStoreConformanceTests, IAsyncLifetime
{
    private readonly RedisOptions _options = redis.CreateOptions();
    private RedisConnection? _connection;

    protected override Task<IConnectionStore> CreateStoreAsync()
    {
        _connection ??= new RedisConnection(Options.Create(_options));
        return Task.FromResult<IConnectionStore>(new RedisConnectionStore(_connection, Options.Create(_options)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
