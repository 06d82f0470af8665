using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Redis.Internal;

/// <summary>
/// Keeps this node's lease in the node registry, listens on its node channel, and removes the connections of nodes
/// whose lease has run out (killed, or cut off from Redis), with <c>presence</c> <c>left</c> to their rooms.
/// </summary>
/// <remarks>
/// The lease is renewed every third of <see cref="RedisOptions.NodeLeaseDuration"/>, so a dead node's connections
/// leave the rosters within about 1⅓ leases. One node sweeps a dead node at a time (a lock key that expires with the
/// lease); removal is idempotent, so a sweep cut short is finished by the next. A node that cannot reach Redis keeps
/// its sockets and retries; when it is back, its lease is renewed without a restart.
/// </remarks>
internal sealed class RedisNodeLease(
    RedisConnection redis,
    RedisNode node,
    InProcessMessenger local,
    IServiceProvider services,
    TimeProvider timeProvider,
    IOptions<RedisOptions> options,
    ILogger<RedisNodeLease> logger) : BackgroundService
{
    private readonly ILogger _logger = logger;
    private readonly TimeSpan _lease = options.Value.NodeLeaseDuration;
    private ChannelMessageQueue? _nodeChannel;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_nodeChannel is not null)
            {
                await _nodeChannel.UnsubscribeAsync().ConfigureAwait(false);
            }

            // Leave the registry at once when nothing is left to remove; otherwise the lease runs out and another node sweeps.
            var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
            if (await database.SetLengthAsync(redis.Keys.NodeConnections(node.Id)).ConfigureAwait(false) == 0)
            {
                await database.SortedSetRemoveAsync(redis.Keys.Nodes, node.Id).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is ChatStoreUnavailableException || RedisFailures.IsRedisFailure(ex))
        {
            Log.RenewFailed(_logger, ex, node.Id);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var renewedOnce = false;
        var reported = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _nodeChannel ??= await ListenAsync().ConfigureAwait(false);
                var (hadLease, expired) = await RenewAsync().ConfigureAwait(false);
                if (!renewedOnce)
                {
                    Log.NodeStarted(_logger, node.Id, _lease, await redis.UsesShardedPubSubAsync().ConfigureAwait(false));
                }
                else if (!hadLease)
                {
                    Log.LeaseLost(_logger, node.Id);
                }

                renewedOnce = true;
                reported = false;
                foreach (var dead in expired.Where(id => id != node.Id))
                {
                    await SweepAsync(dead).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is ChatStoreUnavailableException || RedisFailures.IsRedisFailure(ex))
            {
                if (!reported)
                {
                    reported = true;
                    if (renewedOnce)
                    {
                        Log.RenewFailed(_logger, ex, node.Id);
                    }
                    else
                    {
                        Log.RedisUnreachable(_logger, ex, node.Id);
                    }
                }
            }

            try
            {
                await Task.Delay(_lease / 3, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<ChannelMessageQueue> ListenAsync()
    {
        var channel = await redis.ChannelAsync(redis.Keys.NodeChannel(node.Id)).ConfigureAwait(false);
        var multiplexer = await redis.GetMultiplexerAsync().ConfigureAwait(false);
        var queue = await RedisFailures.RunAsync(() => multiplexer.GetSubscriber().SubscribeAsync(channel)).ConfigureAwait(false);
        queue.OnMessage(HandleNodeMessageAsync);
        return queue;
    }

    /// <summary>A frame or a close another node routed to one of this node's connections.</summary>
    private async Task HandleNodeMessageAsync(ChannelMessage message)
    {
        ReadOnlyMemory<byte> payload = message.Message;
        try
        {
            var (connectionId, frame) = BackplaneEnvelope.DecodeForConnection(payload);
            switch (payload.Span[0])
            {
                case BackplaneEnvelope.Send:
                    await local.SendAsync(connectionId, frame).ConfigureAwait(false);
                    break;
                case BackplaneEnvelope.Close:
                    await local.CloseAsync(connectionId).ConfigureAwait(false);
                    break;
                default:
                    throw new FormatException("Unknown payload kind.");
            }
        }
        catch (FormatException ex)
        {
            Log.MalformedPayload(_logger, ex, message.Channel.ToString());
        }
    }

    private async Task<(bool HadLease, string[] Expired)> RenewAsync()
    {
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var result = await RedisFailures.RunAsync(() => database.ScriptEvaluateAsync(
            NodeLeaseScripts.Renew,
            [redis.Keys.Nodes],
            [node.Id, (long)_lease.TotalMilliseconds])).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        return ((long)parts[0] == 1, ((RedisResult[])parts[1]!).Select(static r => r.ToString()).ToArray());
    }

    private async Task SweepAsync(string deadNodeId)
    {
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var sweepLock = redis.Keys.NodeSweepLock(deadNodeId);
        if (!await RedisFailures.RunAsync(() => database.StringSetAsync(sweepLock, node.Id, _lease, When.NotExists)).ConfigureAwait(false))
        {
            return;
        }

        var connections = redis.Keys.NodeConnections(deadNodeId);
        var members = await RedisFailures.RunAsync(() => database.SetMembersAsync(connections)).ConfigureAwait(false);
        Log.SweepingNode(_logger, deadNodeId, members.Length);
        var engine = services.GetRequiredService<IChatEngine>();
        var store = services.GetRequiredService<IConnectionStore>();
        foreach (var connectionId in members)
        {
            // As if it disconnected: its registration and memberships go, and its rooms are told. It is crossed off
            // only once the store has neither it nor a membership of it (a removal that failed part way is retried at
            // the next sweep).
            var id = connectionId.ToString();
            await engine.DisconnectedAsync(id).ConfigureAwait(false);
            if (await store.GetConnectionAsync(id).ConfigureAwait(false) is null && (await store.GetRoomsAsync(id).ConfigureAwait(false)).Count == 0)
            {
                await RedisFailures.RunAsync(() => database.SetRemoveAsync(connections, connectionId)).ConfigureAwait(false);
            }
        }

        if (await RedisFailures.RunAsync(() => database.SetLengthAsync(connections)).ConfigureAwait(false) == 0)
        {
            await RedisFailures.RunAsync(() => database.ScriptEvaluateAsync(NodeLeaseScripts.ForgetIfExpired, [redis.Keys.Nodes], [deadNodeId])).ConfigureAwait(false);
        }

        await RedisFailures.RunAsync(() => database.KeyDeleteAsync(sweepLock)).ConfigureAwait(false);
    }
}
