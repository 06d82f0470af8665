using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Redis.Internal;

/// <summary>The one multiplexer the Redis stores and backplane share, connected on first use.</summary>
/// <remarks>
/// Connects with <c>AbortOnConnectFail=false</c>, so a Redis that is down at start or goes away later is retried in
/// the background (StackExchange.Redis restores subscriptions on reconnect) while calls fail fast with
/// <see cref="ChatStoreUnavailableException"/>. Whether room channels are sharded is decided once, from the first
/// server reached, so that every node of a deployment decides alike.
/// </remarks>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer;
    private readonly bool? _useShardedPubSub;
    private bool? _sharded;

    public RedisConnection(IOptions<RedisOptions> options)
    {
        var value = options.Value;
        Keys = new RedisKeys(value.KeyPrefix);
        _useShardedPubSub = value.UseShardedPubSub;
        var configuration = ConfigurationOptions.Parse(value.Configuration!);
        configuration.AbortOnConnectFail = false;

        // While Redis is out of reach a call fails at once (the chat answers "unavailable") instead of waiting in
        // the backlog for the timeout.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "chatroom";
        _multiplexer = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectionMultiplexer.ConnectAsync(configuration));
    }

    public RedisKeys Keys { get; }

    /// <summary>Gets the multiplexer, connecting it on first use (it may not be connected yet).</summary>
    public Task<ConnectionMultiplexer> GetMultiplexerAsync() => _multiplexer.Value;

    /// <summary>Gets the database, or throws <see cref="ChatStoreUnavailableException"/> when Redis cannot be reached.</summary>
    public async ValueTask<IDatabase> GetDatabaseAsync()
    {
        var multiplexer = await RedisFailures.RunAsync(GetMultiplexerAsync).ConfigureAwait(false);
        return multiplexer.GetDatabase();
    }

    /// <summary>Makes a room or node channel, sharded when the server supports it (decided once, see the remarks).</summary>
    public async ValueTask<RedisChannel> ChannelAsync(string name) =>
        await UsesShardedPubSubAsync().ConfigureAwait(false) ? RedisChannel.Sharded(name) : RedisChannel.Literal(name);

    /// <summary>Whether channels are sharded: the option, or whether the first server reached runs Redis 7 or later.</summary>
    /// <exception cref="ChatStoreUnavailableException">No server has been reached yet and the option does not say.</exception>
    public async ValueTask<bool> UsesShardedPubSubAsync()
    {
        if (_useShardedPubSub is { } configured)
        {
            return configured;
        }

        if (_sharded is { } decided)
        {
            return decided;
        }

        var multiplexer = await RedisFailures.RunAsync(GetMultiplexerAsync).ConfigureAwait(false);
        var server = multiplexer.GetServers().FirstOrDefault(static s => s.IsConnected)
            ?? throw new ChatStoreUnavailableException("Redis cannot be reached.");
        _sharded = server.Version >= new Version(7, 0);
        return _sharded.Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully)
        {
            await _multiplexer.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
