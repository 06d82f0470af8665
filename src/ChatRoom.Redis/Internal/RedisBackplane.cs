using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ChatRoom.Redis.Internal;

/// <summary>The Redis backplane: each room is a channel (sharded when the server supports it) that nodes with members subscribe.</summary>
/// <remarks>
/// A broadcast is one publish; Redis hands it to every subscribed node in the order it ran the publishes, and
/// StackExchange.Redis's channel queue hands one room's payloads to the receiver one at a time, in that order. The
/// store's append script publishes messages on the same channel, so a room's messages reach every node in seq order.
/// Ownership (which node holds a connection) is recorded for any store, so that a dead node's connections can be
/// removed and a frame for another node's connection can be routed to it.
/// </remarks>
internal sealed class RedisBackplane(
    RedisConnection redis,
    RedisNode node,
    IServiceProvider services,
    ILogger<RedisBackplane> logger) : IChatBackplane, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ChannelMessageQueue> _rooms = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger;
    private IChatBackplaneReceiver? _receiver;

    // Resolved on first use: the receiver reaches the engine's removal path, which uses this backplane.
    private IChatBackplaneReceiver Receiver => _receiver ??= services.GetRequiredService<IChatBackplaneReceiver>();

    public async Task PublishAsync(string room, IReadOnlyList<RoomFrame> frames, CancellationToken cancellationToken = default)
    {
        var channel = await redis.ChannelAsync(redis.Keys.RoomChannel(room)).ConfigureAwait(false);
        var payload = BackplaneEnvelope.EncodeFrames(frames);
        var subscriber = await SubscriberAsync().ConfigureAwait(false);
        await RedisFailures.RunAsync(() => subscriber.PublishAsync(channel, payload)).ConfigureAwait(false);
    }

    public async Task SubscribeAsync(string room, CancellationToken cancellationToken = default)
    {
        var channel = await redis.ChannelAsync(redis.Keys.RoomChannel(room)).ConfigureAwait(false);
        var subscriber = await SubscriberAsync().ConfigureAwait(false);
        var queue = await RedisFailures.RunAsync(() => subscriber.SubscribeAsync(channel)).ConfigureAwait(false);
        queue.OnMessage(message => Deliver(room, message));
        _rooms[room] = queue;
    }

    public async Task UnsubscribeAsync(string room, CancellationToken cancellationToken = default)
    {
        if (!_rooms.TryRemove(room, out var queue))
        {
            return;
        }

        try
        {
            await queue.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailures.IsRedisFailure(ex))
        {
            // Still subscribed in Redis: payloads keep coming and find no member here, which costs nothing else.
            Log.UnsubscribeFailed(_logger, ex, room);
        }
    }

    public async Task ConnectionOpenedAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        await RedisFailures.RunAsync(() => Task.WhenAll(
            database.StringSetAsync(redis.Keys.ConnectionOwner(connectionId), node.Id),
            database.SetAddAsync(redis.Keys.NodeConnections(node.Id), connectionId))).ConfigureAwait(false);
    }

    public async Task ConnectionRemovedAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var owner = await RedisFailures.RunAsync(() => database.StringGetDeleteAsync(redis.Keys.ConnectionOwner(connectionId))).ConfigureAwait(false);
        if (!owner.IsNull)
        {
            await RedisFailures.RunAsync(() => database.SetRemoveAsync(redis.Keys.NodeConnections(owner.ToString()), connectionId)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var room in _rooms.Keys)
        {
            await UnsubscribeAsync(room).ConfigureAwait(false);
        }
    }

    private async ValueTask<ISubscriber> SubscriberAsync()
    {
        var multiplexer = await RedisFailures.RunAsync(redis.GetMultiplexerAsync).ConfigureAwait(false);
        return multiplexer.GetSubscriber();
    }

    private void Deliver(string room, ChannelMessage message)
    {
        ReadOnlyMemory<byte> payload = message.Message;
        try
        {
            switch (payload.Length > 0 ? payload.Span[0] : (byte)0)
            {
                case BackplaneEnvelope.Frames:
                    Receiver.DeliverFrames(room, BackplaneEnvelope.DecodeFrames(payload));
                    break;
                case BackplaneEnvelope.Message:
                    Receiver.DeliverMessage(RedisMessageRecord.Parse(room, payload.Span[1..]));
                    break;
                default:
                    throw new FormatException("Unknown payload kind.");
            }
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            // Something else publishing on our channel must not stop the room's delivery on this node.
            Log.MalformedPayload(_logger, ex, message.Channel.ToString());
        }
    }
}
